using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace MyBot.Agent.Llm;

/// <summary>
/// <see cref="IChatClient"/> over the official OpenAI client, for any OpenAI-compatible endpoint.
/// Every failure surfaces as an <see cref="LlmException"/>; retries are left to the caller, which knows whether a turn can wait.
/// </summary>
public sealed class OpenAIChatClient : IChatClient
{
    // Local servers (Ollama, vLLM, LM Studio) ignore the key, but the client requires one.
    private const string KeyForKeylessEndpoints = "no-key";

    private readonly OpenAIClient _client;
    private readonly LlmOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, ChatClient> _chatClients = new(StringComparer.Ordinal);
    private readonly ChatClientMetadata _metadata;

    public OpenAIChatClient(LlmOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _timeProvider = timeProvider;
        var clientOptions = new OpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = options.Timeout + TimeSpan.FromSeconds(5),
        };
        if (options.Endpoint is not null)
        {
            clientOptions.Endpoint = options.Endpoint;
        }

        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? KeyForKeylessEndpoints : options.ApiKey;
        _client = new OpenAIClient(new ApiKeyCredential(key), clientOptions);
        _metadata = new ChatClientMetadata("openai", options.Endpoint, options.Model);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var model = options?.ModelId ?? _options.Model;
        var chatClient = _chatClients.GetOrAdd(model, _client.GetChatClient);
        var request = OpenAIChatMapping.ToOpenAIMessages(messages, options?.Instructions);
        var completionOptions = OpenAIChatMapping.ToCompletionOptions(options);

        using var timeout = new CancellationTokenSource(_options.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            ClientResult<ChatCompletion> result = await chatClient.CompleteChatAsync(request, completionOptions, linked.Token).ConfigureAwait(false);
            return OpenAIChatMapping.ToChatResponse(result.Value);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LlmException(LlmErrorKind.Timeout, $"The LLM did not answer within {_options.Timeout.TotalSeconds:0.#} s.");
        }
        catch (ClientResultException exception)
        {
            throw LlmErrorMapping.ToLlmException(exception, _timeProvider);
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
    }
}
