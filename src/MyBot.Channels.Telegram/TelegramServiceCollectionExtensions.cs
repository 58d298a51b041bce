using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MyBot.Channels.Access;
using MyBot.Channels.Hosting;
using MyBot.Channels.Telegram.Api;

namespace MyBot.Channels.Telegram;

public static class TelegramServiceCollectionExtensions
{
    /// <summary>
    /// The Telegram channel, off (and logged once by the channel host) while <c>MyBot:Telegram:BotToken</c> is empty.
    /// Map its webhook with <see cref="TelegramWebhookEndpoint.MapTelegramWebhook"/>. Needs an Orleans <c>IGrainFactory</c>
    /// (the poll offset lives in <see cref="ITelegramPollingGrain"/>, the polling lease in <see cref="IChannelOwnerGrain"/>
    /// through <c>AddChannelOwnership</c>, called here), an <c>IDeadLetterStore</c> and an <c>IInboundPublisher</c>.
    /// </summary>
    public static IServiceCollection AddTelegramChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelegramOptions>()
            .Bind(configuration.GetSection(TelegramOptions.SectionName))
            .BindAllowedUsers(configuration.GetSection(TelegramOptions.SectionName), options => options.AllowedUsers)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        // The token is part of every request URL: the clients' request logging would write it out.
        services.AddHttpClient(TelegramBotClientFactory.RequestsHttpClient)
            .ConfigureHttpClient((provider, http) => http.Timeout = Settings(provider).RequestTimeout)
            .RemoveAllLoggers();

        // Telegram holds a long poll up to PollTimeout; one that has not answered well after that is stalled (a dead connection): give up and poll again.
        services.AddHttpClient(TelegramBotClientFactory.PollingHttpClient)
            .ConfigureHttpClient((provider, http) => http.Timeout = Settings(provider).PollTimeout + Settings(provider).RequestTimeout / 2)
            .RemoveAllLoggers();
        services.TryAddSingleton<TelegramBotClientFactory>();
        services.AddChannelAccess(configuration);
        services.AddChannelOwnership(configuration);
        services.TryAddSingleton<TelegramBotIdentity>();
        services.TryAddSingleton<TelegramSendPacer>();
        services.TryAddSingleton<TelegramUpdateHandler>();
        services.AddChannel<TelegramChannel>();
        return services;
    }

    private static TelegramOptions Settings(IServiceProvider provider) => provider.GetRequiredService<IOptions<TelegramOptions>>().Value;
}
