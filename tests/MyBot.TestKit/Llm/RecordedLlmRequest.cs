using System.Text.Json.Nodes;

namespace MyBot.TestKit.Llm;

/// <summary>One chat completion request as the scripted LLM received it.</summary>
/// <param name="TraceParent">The W3C <c>traceparent</c> header the request carried, if any.</param>
public sealed record RecordedLlmRequest(
    string Model,
    IReadOnlyList<RecordedLlmMessage> Messages,
    IReadOnlyList<string> ToolNames,
    double? Temperature,
    int? MaxTokens,
    string? Authorization,
    JsonNode Body,
    string? TraceParent = null)
{
    public string LastUserText => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? string.Empty;

    public string? SystemPrompt => Messages.FirstOrDefault(m => m.Role == "system")?.Content;

    internal static RecordedLlmRequest Parse(JsonNode body, string? authorization, string? traceParent)
    {
        var messages = new List<RecordedLlmMessage>();
        foreach (var node in body["messages"]?.AsArray() ?? [])
        {
            if (node is null)
            {
                continue;
            }

            var names = (node["tool_calls"]?.AsArray() ?? [])
                .Select(call => call?["function"]?["name"]?.GetValue<string>() ?? string.Empty)
                .ToList();
            messages.Add(new RecordedLlmMessage(
                node["role"]?.GetValue<string>() ?? string.Empty,
                ReadContent(node["content"]),
                node["tool_call_id"]?.GetValue<string>(),
                names));
        }

        var tools = (body["tools"]?.AsArray() ?? [])
            .Select(tool => tool?["function"]?["name"]?.GetValue<string>() ?? string.Empty)
            .ToList();
        var maxTokens = body["max_completion_tokens"] ?? body["max_tokens"];
        return new RecordedLlmRequest(
            body["model"]?.GetValue<string>() ?? string.Empty,
            messages,
            tools,
            body["temperature"]?.GetValue<double>(),
            maxTokens?.GetValue<int>(),
            authorization,
            body,
            string.IsNullOrEmpty(traceParent) ? null : traceParent);
    }

    private static string ReadContent(JsonNode? content) => content switch
    {
        null => string.Empty,
        JsonArray parts => string.Concat(parts.Select(part => part?["text"]?.GetValue<string>() ?? string.Empty)),
        _ => content.GetValue<string>(),
    };
}
