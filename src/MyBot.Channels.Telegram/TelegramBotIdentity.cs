using MyBot.Channels.Telegram.Api;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace MyBot.Channels.Telegram;

/// <summary>The bot's own user (from getMe), needed to tell whether a group message is addressed to it; fetched once.</summary>
public sealed class TelegramBotIdentity(TelegramBotClientFactory clients)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private User? _me;

    public async Task<User> GetAsync(CancellationToken cancellationToken)
    {
        if (_me is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _me ??= await clients.Create().GetMe(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
