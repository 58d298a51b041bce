using Microsoft.Extensions.AI;

namespace MyBot.Agent.Llm;

/// <summary>Stands in when no LLM is configured, so the server still starts and each reply tells the user what to set.</summary>
public sealed class UnconfiguredChatClient : IChatClient
{
    public const string Message =
        "No LLM is configured for MyBot yet. Set MyBot__Llm__Endpoint (e.g. http://127.0.0.1:11434/v1 for Ollama), " +
        "MyBot__Llm__Model and, for hosted services, MyBot__Llm__ApiKey (or OPENAI_API_KEY), then restart the server.";

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new LlmException(LlmErrorKind.NotConfigured, Message);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new LlmException(LlmErrorKind.NotConfigured, Message);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
