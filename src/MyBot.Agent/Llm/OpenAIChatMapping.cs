using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using OpenAIChatMessage = OpenAI.Chat.ChatMessage;

namespace MyBot.Agent.Llm;

/// <summary>Translates between Microsoft.Extensions.AI's chat model and the OpenAI client's.</summary>
internal static class OpenAIChatMapping
{
    public static List<OpenAIChatMessage> ToOpenAIMessages(IEnumerable<AIChatMessage> messages, string? instructions)
    {
        var result = new List<OpenAIChatMessage>();
        if (!string.IsNullOrWhiteSpace(instructions))
        {
            result.Add(new SystemChatMessage(instructions));
        }

        foreach (var message in messages)
        {
            foreach (var toolResult in message.Contents.OfType<FunctionResultContent>())
            {
                result.Add(new ToolChatMessage(toolResult.CallId, SerializeResult(toolResult.Result)));
            }

            var text = string.Concat(message.Contents.OfType<TextContent>().Select(c => c.Text));
            var calls = message.Contents.OfType<FunctionCallContent>().ToList();
            if (message.Role == ChatRole.System)
            {
                result.Add(new SystemChatMessage(text));
            }
            else if (message.Role == ChatRole.Assistant)
            {
                if (calls.Count > 0)
                {
                    var assistant = new AssistantChatMessage(calls.Select(ToToolCall));
                    if (text.Length > 0)
                    {
                        assistant.Content.Add(ChatMessageContentPart.CreateTextPart(text));
                    }

                    result.Add(assistant);
                }
                else if (text.Length > 0)
                {
                    result.Add(new AssistantChatMessage(text));
                }
            }
            else if (message.Role == ChatRole.User && (text.Length > 0 || !message.Contents.OfType<FunctionResultContent>().Any()))
            {
                result.Add(new UserChatMessage(text));
            }
        }

        return result;
    }

    public static ChatCompletionOptions ToCompletionOptions(ChatOptions? options)
    {
        var result = new ChatCompletionOptions();
        if (options is null)
        {
            return result;
        }

        result.Temperature = options.Temperature;
        result.TopP = options.TopP;
        result.MaxOutputTokenCount = options.MaxOutputTokens;
        result.FrequencyPenalty = options.FrequencyPenalty;
        result.PresencePenalty = options.PresencePenalty;
        foreach (var stop in options.StopSequences ?? [])
        {
            result.StopSequences.Add(stop);
        }

        foreach (var function in (options.Tools ?? []).OfType<AIFunctionDeclaration>())
        {
            result.Tools.Add(ChatTool.CreateFunctionTool(function.Name, function.Description, BinaryData.FromString(function.JsonSchema.GetRawText())));
        }

        if (result.Tools.Count > 0)
        {
            result.ToolChoice = options.ToolMode switch
            {
                NoneChatToolMode => ChatToolChoice.CreateNoneChoice(),
                RequiredChatToolMode { RequiredFunctionName: { } name } => ChatToolChoice.CreateFunctionChoice(name),
                RequiredChatToolMode => ChatToolChoice.CreateRequiredChoice(),
                _ => ChatToolChoice.CreateAutoChoice(),
            };
        }

        return result;
    }

    public static ChatResponse ToChatResponse(ChatCompletion completion)
    {
        var message = new AIChatMessage { Role = ChatRole.Assistant, MessageId = completion.Id };
        foreach (var part in completion.Content)
        {
            if (part.Kind == ChatMessageContentPartKind.Text)
            {
                message.Contents.Add(new TextContent(part.Text));
            }
        }

        if (!string.IsNullOrEmpty(completion.Refusal))
        {
            message.Contents.Add(new TextContent(completion.Refusal));
        }

        foreach (var call in completion.ToolCalls)
        {
            message.Contents.Add(FunctionCallContent.CreateFromParsedArguments(
                call.FunctionArguments.ToString(),
                call.Id,
                call.FunctionName,
                static json => JsonSerializer.Deserialize<Dictionary<string, object?>>(json, AIJsonUtilities.DefaultOptions)));
        }

        return new ChatResponse(message)
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.CreatedAt,
            FinishReason = ToFinishReason(completion.FinishReason),
            Usage = completion.Usage is { } usage
                ? new UsageDetails { InputTokenCount = usage.InputTokenCount, OutputTokenCount = usage.OutputTokenCount, TotalTokenCount = usage.TotalTokenCount }
                : null,
            RawRepresentation = completion,
        };
    }

    private static ChatToolCall ToToolCall(FunctionCallContent call) =>
        ChatToolCall.CreateFunctionToolCall(
            call.CallId,
            call.Name,
            BinaryData.FromString(JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions)));

    private static string SerializeResult(object? result) => result switch
    {
        null => string.Empty,
        string text => text,
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions),
    };

    private static Microsoft.Extensions.AI.ChatFinishReason ToFinishReason(OpenAI.Chat.ChatFinishReason reason) => reason switch
    {
        OpenAI.Chat.ChatFinishReason.Length => Microsoft.Extensions.AI.ChatFinishReason.Length,
        OpenAI.Chat.ChatFinishReason.ToolCalls or OpenAI.Chat.ChatFinishReason.FunctionCall => Microsoft.Extensions.AI.ChatFinishReason.ToolCalls,
        OpenAI.Chat.ChatFinishReason.ContentFilter => Microsoft.Extensions.AI.ChatFinishReason.ContentFilter,
        _ => Microsoft.Extensions.AI.ChatFinishReason.Stop,
    };
}
