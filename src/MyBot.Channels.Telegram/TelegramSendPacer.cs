namespace MyBot.Channels.Telegram;

/// <summary>
/// Keeps this process under Telegram's limits: about one message per second per chat and 30 per second per bot, and
/// nothing to a chat before a retry_after Telegram gave for it. Reserves a slot and says how long to wait for it.
/// </summary>
public sealed class TelegramSendPacer(TimeProvider timeProvider)
{
    /// <summary>A little over a second: network jitter must not bring two sends closer than Telegram allows.</summary>
    public static readonly TimeSpan PerChatInterval = TimeSpan.FromSeconds(1.1);
    public static readonly TimeSpan GlobalInterval = TimeSpan.FromSeconds(1.0 / 30);

    private readonly Lock _gate = new();
    private readonly Dictionary<long, DateTimeOffset> _chatNext = [];
    private DateTimeOffset _globalNext = DateTimeOffset.MinValue;

    /// <summary>Reserves the next send slot for the chat and returns how long to wait before using it.</summary>
    public TimeSpan Reserve(long chatId)
    {
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            var at = Max(now, Max(_chatNext.GetValueOrDefault(chatId, now), _globalNext));
            _chatNext[chatId] = at + PerChatInterval;
            _globalNext = at + GlobalInterval;
            if (_chatNext.Count > 10_000)
            {
                foreach (var stale in _chatNext.Where(p => p.Value < now).Select(p => p.Key).ToList())
                {
                    _chatNext.Remove(stale);
                }
            }

            return at - now;
        }
    }

    /// <summary>How long until the chat may be sent to, without reserving anything.</summary>
    public TimeSpan WaitFor(long chatId)
    {
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            var next = _chatNext.GetValueOrDefault(chatId, now);
            return next > now ? next - now : TimeSpan.Zero;
        }
    }

    /// <summary>Telegram answered 429 for the chat: nothing goes to it before <paramref name="retryAfter"/> has passed.</summary>
    public void Throttled(long chatId, TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var until = timeProvider.GetUtcNow() + retryAfter;
            _chatNext[chatId] = Max(_chatNext.GetValueOrDefault(chatId, until), until);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
