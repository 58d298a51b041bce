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
        services.TryAddSingleton<IChatClient>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<LlmOptions>>().Value;
            IChatClient client = options.IsConfigured
                ? new OpenAIChatClient(options, provider.GetRequiredService<TimeProvider>())
                : new UnconfiguredChatClient();

            // The GenAI conventions' spans (model, tokens, finish reason) and metrics (gen_ai.client.*), on the product's source and meter.
            var logContent = provider.GetRequiredService<IOptions<TelemetryOptions>>().Value.LogContent;
            return client.AsBuilder()
                .UseOpenTelemetry(sourceName: MyBotTelemetry.Name, configure: telemetry => telemetry.EnableSensitiveData = logContent)
                .Build(provider);
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
