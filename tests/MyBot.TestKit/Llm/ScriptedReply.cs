namespace MyBot.TestKit.Llm;

/// <summary>What the scripted LLM answers to one request: text, tool calls, or an HTTP error.</summary>
public sealed record ScriptedReply
{
    private ScriptedReply()
    {
    }

    public string? Text { get; private init; }

    public IReadOnlyList<ScriptedToolCall> ToolCalls { get; private init; } = [];

    /// <summary>0 for a successful completion; otherwise the HTTP status of an error answer.</summary>
    public int ErrorStatus { get; private init; }

    /// <summary>Answered with 200 as it is, instead of a completion: a broken endpoint.</summary>
    public string? MalformedBody { get; private init; }

    public string? ErrorBody { get; private init; }

    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>How long the model takes before it starts answering: a slow model, or a long tool-using turn.</summary>
    public TimeSpan Latency { get; init; }

    public int PromptTokens { get; init; } = 10;

    public int CompletionTokens { get; init; } = 5;

    public static ScriptedReply WithText(string text) => new() { Text = text };

    public static ScriptedReply WithToolCalls(params ScriptedToolCall[] calls) => new() { ToolCalls = calls };

    /// <summary>An error answer; <paramref name="body"/> defaults to OpenAI's error JSON with <paramref name="message"/>.</summary>
    public static ScriptedReply WithError(int status, string message = "scripted failure", TimeSpan? retryAfter = null, string? body = null) => new()
    {
        ErrorStatus = status,
        ErrorBody = body ?? System.Text.Json.JsonSerializer.Serialize(new { error = new { message, type = "scripted_error", code = status.ToString(System.Globalization.CultureInfo.InvariantCulture) } }),
        RetryAfter = retryAfter,
    };

    public static ScriptedReply WithMalformedBody(string body) => new() { MalformedBody = body };

    /// <summary>The default answer: <c>echo: </c> followed by the last user message.</summary>
    public static ScriptedReply Echo(RecordedLlmRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WithText($"echo: {request.LastUserText}");
    }
}
