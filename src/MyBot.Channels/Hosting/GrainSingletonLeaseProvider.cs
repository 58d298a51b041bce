using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MyBot.Channels.Hosting;

/// <summary>
/// Singleton leases from <see cref="IChannelOwnerGrain"/> (one activation per loop name in the cluster). Each provider is
/// one owner: register it once per silo.
/// </summary>
/// <param name="silo">This silo, so a lease ends when the cluster declares it dead; absent outside a silo (only the lease ends it then).</param>
public sealed partial class GrainSingletonLeaseProvider(
    IGrainFactory grains,
    TimeProvider timeProvider,
    IOptions<ChannelOwnershipOptions> options,
    ILogger<GrainSingletonLeaseProvider> logger,
    ILocalSiloDetails? silo = null) : ISingletonLeaseProvider
{
    /// <summary>Unique per provider, so two silos in one process (a test cluster) are two owners too.</summary>
    public string OwnerId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public async Task<ISingletonLease?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        var owner = grains.GetGrain<IChannelOwnerGrain>(name);
        var askedAt = timeProvider.GetTimestamp();
        if (!await owner.TryAcquireAsync(OwnerId, options.Value.LeaseDuration, silo?.SiloAddress).WaitAsync(cancellationToken))
        {
            return null;
        }

        Log.Acquired(logger, name, OwnerId);
        return new Lease(owner, OwnerId, silo?.SiloAddress, name, askedAt, options.Value, timeProvider, logger);
    }

    private sealed class Lease : ISingletonLease
    {
        private readonly IChannelOwnerGrain _owner;
        private readonly string _ownerId;
        private readonly SiloAddress? _silo;
        private readonly ChannelOwnershipOptions _settings;
        private readonly TimeProvider _time;
        private readonly ILogger _logger;
        private readonly CancellationTokenSource _lost = new();
        private readonly CancellationTokenSource _disposed = new();
        private readonly Task _renewal;

        public Lease(IChannelOwnerGrain owner, string ownerId, SiloAddress? silo, string name, long grantedAt, ChannelOwnershipOptions settings, TimeProvider time, ILogger logger)
        {
            _owner = owner;
            _ownerId = ownerId;
            _silo = silo;
            Name = name;
            _settings = settings;
            _time = time;
            _logger = logger;
            _renewal = RenewAsync(grantedAt, _disposed.Token);
        }

        public string Name { get; }

        public CancellationToken Lost => _lost.Token;

        public async ValueTask DisposeAsync()
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            await _disposed.CancelAsync();
            await _renewal.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!_lost.IsCancellationRequested)
            {
                try
                {
                    // Bounded: a graceful stop must fit Container Apps' 30 s; an unreleased lease lapses by itself.
                    await _owner.ReleaseAsync(_ownerId).WaitAsync(_settings.RenewInterval, _time);
                    Log.Released(_logger, Name);
                }
                catch (Exception exception)
                {
                    Log.ReleaseFailed(_logger, exception, Name);
                }
            }

            await _lost.CancelAsync();
            _disposed.Dispose();
        }

        private async Task RenewAsync(long grantedAt, CancellationToken cancellationToken)
        {
            var time = _time;
            var settings = _settings;
            while (true)
            {
                await Task.Delay(settings.RenewInterval, time, cancellationToken);
                var askedAt = time.GetTimestamp();

                // The grain counts the lease from when it grants it, which is after this ask: counting from the ask errs on the safe side.
                var left = settings.LeaseDuration - time.GetElapsedTime(grantedAt);
                try
                {
                    if (left <= TimeSpan.Zero || !await _owner.TryAcquireAsync(_ownerId, settings.LeaseDuration, _silo).WaitAsync(left, time, cancellationToken))
                    {
                        await LoseAsync(left <= TimeSpan.Zero ? "not renewed within the lease" : "another owner holds it");
                        return;
                    }

                    grantedAt = askedAt;
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    Log.RenewalFailed(_logger, exception, Name);
                    if (time.GetElapsedTime(grantedAt) + settings.RenewInterval >= settings.LeaseDuration)
                    {
                        await LoseAsync("renewals failing");
                        return;
                    }
                }
            }
        }

        private async Task LoseAsync(string reason)
        {
            Log.Lost(_logger, Name, reason);
            await _lost.CancelAsync();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Acquired the singleton lease {Name} as {Owner}")]
        public static partial void Acquired(ILogger logger, string name, string owner);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Lost the singleton lease {Name} ({Reason})")]
        public static partial void Lost(ILogger logger, string name, string reason);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Renewing the singleton lease {Name} failed; retrying while the lease lasts")]
        public static partial void RenewalFailed(ILogger logger, Exception exception, string name);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Released the singleton lease {Name}")]
        public static partial void Released(ILogger logger, string name);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Could not release the singleton lease {Name}; it lapses by itself")]
        public static partial void ReleaseFailed(ILogger logger, Exception exception, string name);
    }
}
