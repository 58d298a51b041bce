using Microsoft.Extensions.Logging;

namespace MyBot.Channels.Hosting;

/// <summary>
/// Holds who runs a once-per-cluster loop. Renewals only move the expiry in memory; the holder itself is stored, so an
/// activation that starts elsewhere (its silo died) gives the stored holder one full lease to renew before anyone else
/// may take over: the old expiry was never stored, and the holder may still be running.
/// </summary>
internal sealed partial class ChannelOwnerGrain(
    [PersistentState("channel-owner")] IPersistentState<ChannelOwnerState> state,
    TimeProvider timeProvider,
    ILogger<ChannelOwnerGrain> logger) : Grain, IChannelOwnerGrain
{
    private DateTimeOffset _expiresAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Owner is not null)
        {
            _expiresAt = timeProvider.GetUtcNow() + state.State.Lease;
        }

        return Task.CompletedTask;
    }

    public async Task<bool> TryAcquireAsync(string ownerId, TimeSpan lease)
    {
        var now = timeProvider.GetUtcNow();
        var current = state.State.Owner;
        if (current == ownerId && state.State.Lease == lease)
        {
            _expiresAt = now + lease;
            return true;
        }

        if (current is not null && current != ownerId && now < _expiresAt)
        {
            return false;
        }

        state.State.Owner = ownerId;
        state.State.Lease = lease;
        await state.WriteOrDeactivateAsync(this);
        _expiresAt = now + lease;
        if (current != ownerId)
        {
            Log.OwnerChanged(logger, this.GetPrimaryKeyString(), ownerId, current);
        }

        return true;
    }

    public async Task ReleaseAsync(string ownerId)
    {
        if (state.State.Owner != ownerId)
        {
            return;
        }

        state.State.Owner = null;
        await state.WriteOrDeactivateAsync(this);
        Log.Released(logger, this.GetPrimaryKeyString(), ownerId);
    }

    public Task<string?> GetOwnerAsync() =>
        Task.FromResult(state.State.Owner is { } owner && timeProvider.GetUtcNow() < _expiresAt ? owner : null);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Loop} is now run by {Owner} (before: {Previous})")]
        public static partial void OwnerChanged(ILogger logger, string loop, string owner, string? previous);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Loop} was handed back by {Owner}")]
        public static partial void Released(ILogger logger, string loop, string owner);
    }
}
