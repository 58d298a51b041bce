using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using MyBot.Telemetry;
using OpenAI;

namespace MyBot.Agent.Llm;

/// <summary>
/// The chat client the agent talks to: Microsoft.Extensions.AI's adapter over the official OpenAI client, for any
/// OpenAI-compatible endpoint, under the GenAI conventions' telemetry and our timeout and error mapping.
/// </summary>
public static class OpenAIChatClientPipeline
{
    /// <summary>The named <see cref="HttpClient"/> the OpenAI client sends through; its requests carry the turn's <c>traceparent</c>.</summary>
    public const string HttpClientName = "MyBot.Llm";

    // Local servers (Ollama, vLLM, LM Studio) ignore the key, but the client requires one.
    private const string KeyForKeylessEndpoints = "no-key";

    // The SDK's own network timeout only backs ours up: ours fires first and names the setting to raise.
    private static readonly TimeSpan NetworkTimeoutMargin = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Outermost first: the GenAI span and metrics (model, tokens, finish reason, <c>error.type</c> of our exception),
    /// then <see cref="LlmFailureChatClient"/>, then the adapter. Pass <paramref name="services"/> so the spans log through its logger factory.
    /// </summary>
    public static IChatClient Create(LlmOptions options, HttpClient httpClient, TimeProvider timeProvider, bool logContent, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return CreateOpenAIClient(options, httpClient).GetChatClient(options.Model).AsIChatClient()
            .AsBuilder()
            .UseOpenTelemetry(sourceName: MyBotTelemetry.Name, configure: telemetry => telemetry.EnableSensitiveData = logContent)
            .Use(inner => new LlmFailureChatClient(inner, options.Timeout, timeProvider))
            .Build(services);
    }

    /// <summary>
    /// The OpenAI client with no retries of its own: the session grain retries a failed turn and honours
    /// <c>Retry-After</c>; the SDK's default (3 retries with backoff) would multiply ours and hide a 429 from it.
    /// </summary>
    private static OpenAIClient CreateOpenAIClient(LlmOptions options, HttpClient httpClient)
    {
        var clientOptions = new OpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = options.Timeout + NetworkTimeoutMargin,
            Transport = new HttpClientPipelineTransport(httpClient),
        };
        if (options.Endpoint is not null)
        {
            clientOptions.Endpoint = options.Endpoint;
        }

        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? KeyForKeylessEndpoints : options.ApiKey;
        return new OpenAIClient(new ApiKeyCredential(key), clientOptions);
    }
}
