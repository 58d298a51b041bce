using MyBot.Channels.Telegram.Api;

namespace MyBot.Channels.Telegram;

/// <summary>The bot's own user (from getMe), needed to tell whether a group message is addressed to it; fetched once.</summary>
public sealed class TelegramBotIdentity(TelegramBotClient client)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TelegramUser? _me;

    public async Task<TelegramUser> GetAsync(CancellationToken cancellationToken)
    {
        if (_me is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _me ??= await client.GetMeAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
