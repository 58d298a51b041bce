using Microsoft.Extensions.Logging;

namespace MyBot.Channels.Hosting;

/// <summary>
/// Holds who runs a once-per-cluster loop. Renewals only move the expiry in memory; the holder itself is stored, so an
/// activation that starts elsewhere (its silo died) gives the stored holder one full lease to renew before anyone else
/// may take over: the old expiry was never stored, and the holder may still be running. A holder whose silo the cluster
/// has declared dead is not running, so its lease ends then, without waiting it out.
/// </summary>
internal sealed partial class ChannelOwnerGrain(
    [PersistentState("channel-owner")] IPersistentState<ChannelOwnerState> state,
    IClusterMembershipService membership,
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

    public async Task<bool> TryAcquireAsync(string ownerId, TimeSpan lease, SiloAddress? silo = null)
    {
        var now = timeProvider.GetUtcNow();
        var current = state.State.Owner;
        if (current == ownerId && state.State.Lease == lease && state.State.Silo == silo)
        {
            _expiresAt = now + lease;
            return true;
        }

        if (current is not null && current != ownerId && now < _expiresAt)
        {
            // Only Dead counts: a silo missing from this silo's view may be one that joined a moment ago.
            if (state.State.Silo is not { } holderSilo || membership.CurrentSnapshot.GetSiloStatus(holderSilo) != SiloStatus.Dead)
            {
                return false;
            }

            Log.HolderSiloDead(logger, this.GetPrimaryKeyString(), current, holderSilo);
        }

        state.State.Owner = ownerId;
        state.State.Lease = lease;
        state.State.Silo = silo;
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

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Loop}: the cluster declared {Silo} dead, so its holder {Owner} lost it before its lease ran out")]
        public static partial void HolderSiloDead(ILogger logger, string loop, string owner, SiloAddress silo);
    }
}
