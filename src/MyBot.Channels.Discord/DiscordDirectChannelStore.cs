using System.Text.Json;
using MyBot.Runtime;
using MyBot.Runtime.Storage;

namespace MyBot.Channels.Discord;

/// <summary>
/// The DM channels the bot knows and the last message it published from each, in one storage record, so a fresh
/// gateway session can fetch what arrived while it was away. Writes are ETag-conditional: a concurrent writer
/// (another replica that held the gateway lease) makes this one re-read and merge rather than overwrite.
/// </summary>
public sealed class DiscordDirectChannelStore(IGrainStorage storage)
{
    public static readonly GrainId StateId = new("discord-gateway", "direct-channels");

    private const int WriteAttempts = 5;
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private State? _state;

    public async Task<IReadOnlyList<DirectChannelRecord>> GetAllAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _state = await ReadAsync(cancellationToken).ConfigureAwait(false);
            return [.. _state.Channels.Values];
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Makes a DM channel known before its first message is published, with the message not yet seen, so a crash
    /// between publishing and <see cref="RecordAsync"/> still leaves the channel to backfill (the redelivery dedupes).
    /// </summary>
    public Task EnsureKnownAsync(string channelId, string userId, string firstMessageId, CancellationToken cancellationToken) =>
        UpdateAsync(channelId, userId, Snowflake.Before(firstMessageId), onlyIfUnknown: true, cancellationToken);

    /// <summary>Remembers <paramref name="messageId"/> as seen in the DM channel, unless a newer one is already recorded.</summary>
    public Task RecordAsync(string channelId, string userId, string messageId, CancellationToken cancellationToken) =>
        UpdateAsync(channelId, userId, messageId, onlyIfUnknown: false, cancellationToken);

    private async Task UpdateAsync(string channelId, string userId, string messageId, bool onlyIfUnknown, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var state = _state ??= await ReadAsync(cancellationToken).ConfigureAwait(false);
                if (state.Channels.TryGetValue(channelId, out var known) && (onlyIfUnknown || Snowflake.Compare(known.LastMessageId, messageId) >= 0))
                {
                    return;
                }

                var channels = new Dictionary<string, DirectChannelRecord>(state.Channels)
                {
                    [channelId] = new DirectChannelRecord(channelId, userId, messageId),
                };
                try
                {
                    var data = JsonSerializer.SerializeToUtf8Bytes(new StoredState(channels), JsonOptions);
                    var etag = await storage.WriteAsync(StateId, data, state.ETag, cancellationToken).ConfigureAwait(false);
                    _state = new State(channels, etag);
                    return;
                }
                catch (InconsistentStateException) when (attempt < WriteAttempts)
                {
                    _state = null;
                }
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<State> ReadAsync(CancellationToken cancellationToken)
    {
        var record = await storage.ReadAsync(StateId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return new State([], null);
        }

        var stored = JsonSerializer.Deserialize<StoredState>(record.Data.Span, JsonOptions);
        return new State(stored?.Channels ?? [], record.ETag);
    }

    private sealed record StoredState(Dictionary<string, DirectChannelRecord> Channels);

    private sealed record State(Dictionary<string, DirectChannelRecord> Channels, string? ETag);
}
