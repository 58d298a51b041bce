using MyBot.Agent;
using MyBot.Agent.Llm;
using MyBot.Channels.Discord;
using MyBot.Channels.Hosting;
using MyBot.Channels.Http;
using MyBot.Channels.Telegram;
using MyBot.Runtime.AzureStorage;
using MyBot.Runtime.Hosting;

namespace MyBot.Server.Hosting;

public static class ServerServiceCollectionExtensions
{
    /// <summary>Everything the server runs: the grain runtime on the configured storage, the agent, the LLM and the channels.</summary>
    public static IServiceCollection AddMyBotServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));

        services.AddGrainRuntime(configuration);
        var provider = configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}"] ?? StorageOptions.File;
        if (string.Equals(provider, StorageOptions.File, StringComparison.Ordinal))
        {
            services.AddFileStorage(configuration);
        }
        else if (string.Equals(provider, StorageOptions.AzureStorage, StringComparison.Ordinal))
        {
            services.AddAzureStorage(configuration);
        }
        else
        {
            throw new ServerConfigurationException($"MyBot:Storage:Provider '{provider}' is unknown; use {StorageOptions.File} or {StorageOptions.AzureStorage}.");
        }

        services.AddLlm(configuration);
        services.AddMyBotAgent(configuration);
        services.AddChannelHosting(configuration);
        services.AddHttpChannel(configuration);
        services.AddTelegramChannel(configuration);
        services.AddDiscordChannel(configuration);
        return services;
    }
}
