using MyBot.Agent;
using MyBot.Agent.Llm;
using MyBot.Channels;
using MyBot.Channels.Discord;
using MyBot.Channels.Hosting;
using MyBot.Channels.Http;
using MyBot.Channels.Telegram;
using MyBot.Channels.Web;
using MyBot.Grains;
using MyBot.Orleans.AzureStorage.Hosting;
using MyBot.Orleans.FileStorage.Hosting;
using MyBot.Server.Admin;
using MyBot.Server.Health;
using MyBot.Server.Streams;
using MyBot.Server.Telemetry;

namespace MyBot.Server.Hosting;

public static class ServerServiceCollectionExtensions
{
    /// <summary>
    /// Everything the server runs beside the silo: the storage's own services (dead letters, health), the agent, its
    /// grains' services, the LLM and the channels. Call after <c>UseOrleans</c>, so the silo starts before the channels.
    /// </summary>
    public static IServiceCollection AddMyBotServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(25));
        services.AddHealthChecks();
        services.AddHostedService<ConfigurationFilesLogger>();
        services.AddMyBotTelemetry(configuration);

        if (StorageOptions.IsAzure(configuration))
        {
            services.AddAzureStorage(configuration);
            services.AddDataProtectionKeysInBlobStorage();
        }
        else
        {
            services.AddFileDataDirectory(configuration);
            services.AddDataProtectionKeysInDataDirectory();
        }

        services.AddDeadLetterMetrics();

        services.AddSingleton<IInboundPublisher, StreamInboundPublisher>();
        services.AddLlm(configuration);
        services.AddSingleton<LlmEndpointStatus>();
        services.AddHttpClient(LlmEndpointCheck.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10)).RemoveAllLoggers();
        services.AddHostedService<LlmEndpointCheck>();
        services.AddMyBotAgent(configuration);
        services.AddMyBotGrains(configuration);
        services.AddCronJobScheduling();
        services.AddChannelHosting(configuration);
        services.AddHttpChannel(configuration);
        services.AddTelegramChannel(configuration);
        services.AddDiscordChannel(configuration);
        services.AddWebChat(configuration);
        services.AddAdminApi();
        return services;
    }
}
