using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MyBot.Channels.Access;
using MyBot.Channels.Discord.Gateway;
using MyBot.Channels.Discord.Rest;
using MyBot.Channels.Hosting;

namespace MyBot.Channels.Discord;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Discord channel; it stays off (and says so once) while <c>MyBot:Discord:BotToken</c> is unset. Needs an
    /// Orleans <c>IGrainFactory</c>: the DM channels live in <see cref="IDiscordDirectChannelsGrain"/>, the gateway lease in
    /// <see cref="IChannelOwnerGrain"/> through <c>AddChannelOwnership</c>, called here.
    /// </summary>
    public static IServiceCollection AddDiscordChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DiscordOptions>()
            .Bind(configuration.GetSection(DiscordOptions.SectionName))
            .BindAllowedUsers(configuration.GetSection(DiscordOptions.SectionName), options => options.AllowedUsers)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IHeartbeatJitter, RandomHeartbeatJitter>();
        services.AddHttpClient(DiscordRestClient.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.TryAddSingleton<DiscordRateLimiter>();
        services.TryAddSingleton<DiscordRestClient>();
        services.TryAddSingleton<DiscordGatewayClient>();
        services.AddChannelAccess(configuration);
        services.AddChannelOwnership(configuration);
        services.AddChannel<DiscordChannel>();
        return services;
    }
}
