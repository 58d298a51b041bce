using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MyBot.Telemetry;

namespace MyBot.Agent.Llm;

public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IChatClient"/>: the OpenAI-compatible client when an endpoint or key is configured,
    /// otherwise a client whose every call fails with <see cref="LlmErrorKind.NotConfigured"/>.
    /// </summary>
    public static IServiceCollection AddLlm(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<LlmOptions>()
            .Bind(configuration.GetSection(LlmOptions.SectionName))
            .PostConfigure(options => ApplyOpenAIEnvironment(options, configuration))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>());
        // The OpenAI client sets its own timeout per call (LlmOptions.Timeout); HttpClient's 100 s default would cut a longer one short.
        // The chat client keeps this HttpClient for the process's life, so connections are renewed here rather than by the
        // factory's handler rotation, and a changed DNS answer for the endpoint is picked up.
        services.AddHttpClient(OpenAIChatClientPipeline.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .RemoveAllLoggers();
        services.TryAddSingleton<IChatClient>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<LlmOptions>>().Value;
            if (!options.IsConfigured)
            {
                return new UnconfiguredChatClient();
            }

            var httpClient = provider.GetRequiredService<IHttpClientFactory>().CreateClient(OpenAIChatClientPipeline.HttpClientName);
            var logContent = provider.GetRequiredService<IOptions<TelemetryOptions>>().Value.LogContent;
            return OpenAIChatClientPipeline.Create(options, httpClient, provider.GetRequiredService<TimeProvider>(), logContent, provider);
        });
        services.AddHostedService<LlmStartupLogger>();
        return services;
    }

    private static void ApplyOpenAIEnvironment(LlmOptions options, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey) && configuration["OPENAI_API_KEY"] is { Length: > 0 } key)
        {
            options.ApiKey = key;
        }

        if (options.Endpoint is null && Uri.TryCreate(configuration["OPENAI_BASE_URL"], UriKind.Absolute, out var endpoint))
        {
            options.Endpoint = endpoint;
        }
    }
}
