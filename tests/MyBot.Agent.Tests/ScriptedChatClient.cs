using Microsoft.Extensions.AI;

namespace MyBot.Agent.Tests;

/// <summary>An in-process <see cref="IChatClient"/> answering from a script and recording each request, for unit tests of the loop around the model.</summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<Func<IReadOnlyList<ChatMessage>, ChatResponse>> _script = new();

    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

    /// <summary>Answers any request left once the script is exhausted; null makes such a request fail the test.</summary>
    public Func<IReadOnlyList<ChatMessage>, ChatResponse>? Otherwise { get; set; }

    public ScriptedChatClient Reply(string text, int inputTokens = 10, int outputTokens = 5) =>
        Then(_ => Response(new ChatMessage(ChatRole.Assistant, text), inputTokens, outputTokens));

    public ScriptedChatClient CallTool(string name, IDictionary<string, object?>? arguments = null, string callId = "call-1") =>
        Then(_ => ToolCall(name, arguments, callId));

    public ScriptedChatClient Then(Func<IReadOnlyList<ChatMessage>, ChatResponse> step)
    {
        _script.Enqueue(step);
        return this;
    }

    public static ChatResponse ToolCall(string name, IDictionary<string, object?>? arguments = null, string callId = "call-1") =>
        Response(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, name, arguments ?? new Dictionary<string, object?>())]), 10, 5);

    public static ChatResponse Response(ChatMessage message, int inputTokens, int outputTokens) =>
        new(message) { Usage = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens, TotalTokenCount = inputTokens + outputTokens } };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Requests.Add((list, options));
        var step = _script.Count > 0 ? _script.Dequeue() : Otherwise ?? throw new InvalidOperationException("The script has no answer left.");
        return Task.FromResult(step(list));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The agent does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
