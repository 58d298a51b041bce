using Microsoft.Extensions.AI;

namespace MyBot.TestKit.Llm;

/// <summary>
/// An in-process <see cref="IChatClient"/> answering from a script and recording each request, for tests of the loop
/// around the model. Safe to share between silos of one test cluster.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly Lock _gate = new();
    private readonly Queue<Func<IReadOnlyList<ChatMessage>, Task<ChatResponse>>> _script = new();
    private readonly List<(List<ChatMessage> Messages, ChatOptions? Options)> _requests = [];

    public IReadOnlyList<(List<ChatMessage> Messages, ChatOptions? Options)> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Answers any request left once the script is exhausted; null makes such a request fail the test.</summary>
    public Func<IReadOnlyList<ChatMessage>, ChatResponse>? Otherwise { get; set; }

    public ScriptedChatClient Reply(string text, int inputTokens = 10, int outputTokens = 5) =>
        Then(_ => Response(new ChatMessage(ChatRole.Assistant, text), inputTokens, outputTokens));

    public ScriptedChatClient CallTool(string name, IDictionary<string, object?>? arguments = null, string callId = "call-1") =>
        Then(_ => ToolCall(name, arguments, callId));

    public ScriptedChatClient Then(Func<IReadOnlyList<ChatMessage>, ChatResponse> step) => ThenAsync(messages => Task.FromResult(step(messages)));

    /// <summary>A step that takes its time (a slow model) or waits for the test.</summary>
    public ScriptedChatClient ThenAsync(Func<IReadOnlyList<ChatMessage>, Task<ChatResponse>> step)
    {
        lock (_gate)
        {
            _script.Enqueue(step);
        }

        return this;
    }

    public static ChatResponse ToolCall(string name, IDictionary<string, object?>? arguments = null, string callId = "call-1") =>
        Response(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, name, arguments ?? new Dictionary<string, object?>())]), 10, 5);

    public static ChatResponse Response(ChatMessage message, int inputTokens, int outputTokens) =>
        new(message) { Usage = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens, TotalTokenCount = inputTokens + outputTokens } };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Func<IReadOnlyList<ChatMessage>, Task<ChatResponse>> step;
        lock (_gate)
        {
            _requests.Add((list, options));
            step = _script.Count > 0 ? _script.Dequeue()
                : Otherwise is { } otherwise ? m => Task.FromResult(otherwise(m))
                : throw new InvalidOperationException("The script has no answer left.");
        }

        return step(list);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The agent does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
