using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace MyBot.Channels.Telegram.Api;

/// <summary>
/// Telegram.Bot clients over the HttpClients <see cref="TelegramServiceCollectionExtensions.AddTelegramChannel"/>
/// registers: one that gives up after <see cref="TelegramOptions.RequestTimeout"/>, one for getUpdates long polls.
/// A client is made per use (it is two small objects) so the HttpClient factory can rotate its handlers; made on use,
/// not at start, because a disabled channel has no token to make one with.
/// </summary>
public sealed class TelegramBotClientFactory(IHttpClientFactory httpClients, IOptions<TelegramOptions> options)
{
    public const string RequestsHttpClient = "MyBot.Telegram";
    public const string PollingHttpClient = "MyBot.Telegram.Polling";

    /// <summary>For the calls Telegram answers at once (sendMessage, getMe, ...).</summary>
    public ITelegramBotClient Create() => Create(RequestsHttpClient);

    /// <summary>For getUpdates, which Telegram holds for up to <see cref="TelegramOptions.PollTimeout"/>.</summary>
    public ITelegramBotClient CreateForPolling() => Create(PollingHttpClient);

    private TelegramBotClient Create(string httpClientName)
    {
        var settings = options.Value;

        // RetryThreshold 0: the library would otherwise sleep through a 429 and send again by itself; the channel
        // honours retry_after through the pacer and the delivery grain's durable retry instead.
        var clientOptions = new TelegramBotClientOptions(settings.BotToken!, settings.ApiBaseUrl.AbsoluteUri) { RetryThreshold = 0 };
        return new TelegramBotClient(clientOptions, httpClients.CreateClient(httpClientName));
    }
}
