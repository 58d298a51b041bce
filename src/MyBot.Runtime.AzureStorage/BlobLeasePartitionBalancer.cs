using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Runtime.AzureStorage.Rest;
using MyBot.Runtime.Hosting;
using MyBot.Runtime.Storage;

namespace MyBot.Runtime.AzureStorage;

/// <summary>
/// Orleans' LeaseBasedQueueBalancer on blob leases. Every round (each <see cref="AzureStorageOptions.RenewInterval"/>)
/// a replica renews its leases, writes its heartbeat, counts the live replicas from their heartbeats, and moves towards
/// its share: partitions / live replicas (the first <c>partitions % live</c> replica ids take one more). Extras are
/// released for newcomers; free, expired or dead replicas' leases are taken. A lost lease cancels the partition's token.
/// </summary>
public sealed partial class BlobLeasePartitionBalancer : IPartitionBalancer, IAsyncDisposable
{
    private const string OwnerMetadata = "owner";
    private const string HeartbeatMetadata = "heartbeat";

    private readonly AzureStorageAccount _account;
    private readonly AzureStorageOptions _options;
    private readonly int _partitions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<int, OwnedPartition> _owned = new();
    private readonly ConcurrentDictionary<int, Task> _draining = new();
    private readonly SemaphoreSlim _roundGate = new(1, 1);
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public BlobLeasePartitionBalancer(
        AzureStorageAccount account,
        IOptions<RuntimeOptions> runtimeOptions,
        TimeProvider timeProvider,
        ILogger<BlobLeasePartitionBalancer> logger)
    {
        _account = account;
        _options = account.Options;
        _partitions = runtimeOptions.Value.Partitions;
        _timeProvider = timeProvider;
        _logger = logger;
        ReplicaId = $"{SafeMachineName()}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}";
    }

    public event Action<int, CancellationToken>? PartitionAcquired;

    /// <summary>Unique per process (machine, process id, random suffix); heartbeat records and partition owners are keyed by it.</summary>
    public string ReplicaId { get; }

    public IReadOnlyCollection<int> OwnedPartitions => _owned.Keys.Order().ToList();

    /// <summary>The share this replica aimed at in its last round.</summary>
    public int Target { get; private set; }

    /// <summary>Replicas counted live in the last round, this one included.</summary>
    public int LiveReplicas { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _account.EnsureContainerAsync(cancellationToken);
        await EnsurePartitionBlobsAsync(cancellationToken);
        _stopping = new CancellationTokenSource();
        await RunRoundAsync(cancellationToken);
        _loop = LoopAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is { } stopping)
        {
            await stopping.CancelAsync();
            if (_loop is { } loop)
            {
                await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await Task.WhenAll(_draining.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _roundGate.WaitAsync(cancellationToken);
        try
        {
            foreach (var partition in _owned.Keys.ToList())
            {
                await LoseAsync(partition, release: true, cancellationToken);
            }

            await _account.Container.DeleteAsync(_account.Names.Replica(ReplicaId), null, cancellationToken);
            Log.Stopped(_logger, ReplicaId);
        }
        finally
        {
            _roundGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping is { IsCancellationRequested: false })
        {
            try
            {
                await StopAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is AzureStorageException or HttpRequestException or OperationCanceledException)
            {
                Log.StopFailed(_logger, e);
            }
        }

        _stopping?.Dispose();
    }

    /// <summary>One balancing round: renew, heartbeat, count, release extras, acquire what is missing.</summary>
    internal async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        await _roundGate.WaitAsync(cancellationToken);
        try
        {
            // The heartbeat goes first: a round slowed down by many renewals must not make this replica look dead.
            var now = _timeProvider.GetUtcNow();
            await _account.Container.PutAsync(
                _account.Names.Replica(ReplicaId),
                ReadOnlyMemory<byte>.Empty,
                BlobConditions.None,
                cancellationToken,
                new Dictionary<string, string> { [OwnerMetadata] = ReplicaId, [HeartbeatMetadata] = now.ToString("O", CultureInfo.InvariantCulture) });
            await RenewAsync(now, cancellationToken);
            var live = await LiveReplicasAsync(now, cancellationToken);
            var rank = live.IndexOf(ReplicaId);
            Target = (_partitions / live.Count) + (rank < _partitions % live.Count ? 1 : 0);
            LiveReplicas = live.Count;

            foreach (var partition in _owned.Keys.OrderDescending().Take(Math.Max(0, _owned.Count - Target)).ToList())
            {
                Log.GivingUp(_logger, ReplicaId, partition, Target, live.Count);
                await HandOverAsync(partition, cancellationToken);
            }

            if (_owned.Count < Target)
            {
                await AcquireAsync(live, now, cancellationToken);
            }
        }
        finally
        {
            _roundGate.Release();
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var delay = _owned.Count < Target ? _options.RenewInterval / 4 : _options.RenewInterval;
            try
            {
                await Task.Delay(delay, _timeProvider, cancellationToken);
                await RunRoundAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.RoundFailed(_logger, ReplicaId, e);
            }
        }
    }

    private async Task EnsurePartitionBlobsAsync(CancellationToken cancellationToken)
    {
        var existing = (await _account.Container.ListAsync(_account.Names.PartitionLeasePrefix, includeMetadata: false, cancellationToken))
            .Select(i => i.Name)
            .ToHashSet(StringComparer.Ordinal);
        for (var partition = 0; partition < _partitions; partition++)
        {
            var name = _account.Names.PartitionLease(partition);
            if (existing.Contains(name))
            {
                continue;
            }

            try
            {
                await _account.Container.PutAsync(name, ReadOnlyMemory<byte>.Empty, BlobConditions.CreateOnly, cancellationToken);
            }
            catch (AzureStorageException e) when (e.Status is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed)
            {
                // Another replica created it first.
            }
        }
    }

    private async Task RenewAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await Task.WhenAll(_owned.ToList().Select(pair => RenewAsync(pair.Key, pair.Value, now, cancellationToken)));
    }

    private async Task RenewAsync(int partition, OwnedPartition owned, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await _account.Container.RenewLeaseAsync(_account.Names.PartitionLease(partition), owned.LeaseId, cancellationToken);
            owned.LastRenewed = now;
        }
        catch (AzureStorageException e) when (e.Status is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            Log.Lost(_logger, ReplicaId, partition, e.ErrorCode);
            await LoseAsync(partition, release: false, cancellationToken);
        }
        catch (Exception e) when (e is AzureStorageException or HttpRequestException)
        {
            // Unreachable storage: the lease runs out server-side after LeaseDuration, so stop before the next round would be too late.
            if (now + _options.RenewInterval >= owned.LastRenewed + _options.LeaseDuration)
            {
                Log.Lost(_logger, ReplicaId, partition, "renewal failing");
                await LoseAsync(partition, release: false, cancellationToken);
            }
            else
            {
                Log.RenewFailed(_logger, ReplicaId, partition, e);
            }
        }
    }

    private async Task<List<string>> LiveReplicasAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var live = new List<string> { ReplicaId };
        foreach (var record in await _account.Container.ListAsync(_account.Names.ReplicaPrefix, includeMetadata: true, cancellationToken))
        {
            var id = record.Metadata.GetValueOrDefault(OwnerMetadata);
            if (id is null || id == ReplicaId || !TryHeartbeat(record, out var heartbeat))
            {
                continue;
            }

            if (now - heartbeat <= _options.ReplicaExpiry)
            {
                live.Add(id);
            }
            else if (now - heartbeat > _options.ReplicaExpiry * 10)
            {
                await ForgetReplicaAsync(record, cancellationToken);
            }
        }

        live.Sort(StringComparer.Ordinal);
        return live;
    }

    private async Task ForgetReplicaAsync(BlobItem record, CancellationToken cancellationToken)
    {
        try
        {
            await _account.Container.DeleteAsync(record.Name, record.ETag, cancellationToken);
        }
        catch (AzureStorageException e) when (e.Status == HttpStatusCode.PreconditionFailed)
        {
            // It came back to life meanwhile.
        }
    }

    private async Task AcquireAsync(List<string> live, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var blobs = await _account.Container.ListAsync(_account.Names.PartitionLeasePrefix, includeMetadata: true, cancellationToken);
        var byPartition = blobs
            .Select(b => (Blob: b, Partition: int.TryParse(b.Name[_account.Names.PartitionLeasePrefix.Length..], CultureInfo.InvariantCulture, out var p) ? p : -1))
            .Where(x => x.Partition >= 0 && x.Partition < _partitions)
            .ToDictionary(x => x.Partition, x => x.Blob);

        // Start at a replica-specific offset so newcomers do not all race for partition 0.
        var start = (int)(StableHash.Fnv1a32(ReplicaId) % (uint)_partitions);
        for (var i = 0; i < _partitions && _owned.Count < Target; i++)
        {
            var partition = (start + i) % _partitions;
            if (_owned.ContainsKey(partition) || !byPartition.TryGetValue(partition, out var blob))
            {
                continue;
            }

            var owner = blob.Metadata.GetValueOrDefault(OwnerMetadata);
            var free = blob.LeaseState is "available" or "expired" or "broken";
            var orphaned = blob.LeaseState == "leased" && owner is not null && owner != ReplicaId && !live.Contains(owner);
            if (!free && !orphaned)
            {
                continue;
            }

            try
            {
                if (orphaned)
                {
                    // If-Match on the listed version: if the blob changed hands since the listing, leave the new owner alone.
                    await _account.Container.BreakLeaseAsync(blob.Name, TimeSpan.Zero, cancellationToken, ifMatch: blob.ETag);
                    Log.TookOver(_logger, ReplicaId, partition, owner!);
                }

                var leaseId = await _account.Container.AcquireLeaseAsync(blob.Name, _options.LeaseDuration, Guid.NewGuid().ToString(), cancellationToken, ifMatch: blob.ETag);
                await _account.Container.SetMetadataAsync(blob.Name, new Dictionary<string, string> { [OwnerMetadata] = ReplicaId }, leaseId, cancellationToken);
                var owned = new OwnedPartition(leaseId, now);
                _owned[partition] = owned;
                Log.Acquired(_logger, ReplicaId, partition, _owned.Count, Target);
                Raise(partition, owned.Lost.Token);
            }
            catch (AzureStorageException e) when (e.Status is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed)
            {
                // Someone else was faster.
            }
        }
    }

    /// <summary>
    /// Gives a partition to a newcomer: its token fires at once so the runtime stops pulling and lets running turns end,
    /// and the lease is released only after <see cref="AzureStorageOptions.PartitionDrainTime"/>, so the next owner does not
    /// start a session's turn while the last one still runs here.
    /// </summary>
    private async Task HandOverAsync(int partition, CancellationToken cancellationToken)
    {
        if (!_owned.TryRemove(partition, out var owned))
        {
            return;
        }

        await owned.Lost.CancelAsync();
        if (_options.PartitionDrainTime <= TimeSpan.Zero)
        {
            await ReleaseAsync(partition, owned, cancellationToken);
            return;
        }

        _draining[partition] = ReleaseAfterDrainAsync(partition, owned);
    }

    private async Task ReleaseAfterDrainAsync(int partition, OwnedPartition owned)
    {
        try
        {
            await Task.Delay(_options.PartitionDrainTime, _timeProvider, _stopping?.Token ?? CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            // Stopping: release now.
        }

        try
        {
            await ReleaseAsync(partition, owned, CancellationToken.None);
        }
        finally
        {
            _draining.TryRemove(partition, out _);
        }
    }

    private async Task ReleaseAsync(int partition, OwnedPartition owned, CancellationToken cancellationToken)
    {
        owned.Lost.Dispose();
        try
        {
            await _account.Container.ReleaseLeaseAsync(_account.Names.PartitionLease(partition), owned.LeaseId, cancellationToken);
        }
        catch (Exception e) when (e is AzureStorageException or HttpRequestException)
        {
            Log.ReleaseFailed(_logger, ReplicaId, partition, e.Message);
        }
    }

    private async Task LoseAsync(int partition, bool release, CancellationToken cancellationToken)
    {
        if (!_owned.TryRemove(partition, out var owned))
        {
            return;
        }

        await owned.Lost.CancelAsync();
        if (release)
        {
            await ReleaseAsync(partition, owned, cancellationToken);
        }
        else
        {
            owned.Lost.Dispose();
        }
    }

    private void Raise(int partition, CancellationToken lost)
    {
        try
        {
            PartitionAcquired?.Invoke(partition, lost);
        }
        catch (Exception e)
        {
            Log.HandlerFailed(_logger, partition, e);
        }
    }

    private bool TryHeartbeat(BlobItem record, out DateTimeOffset heartbeat) =>
        DateTimeOffset.TryParse(record.Metadata.GetValueOrDefault(HeartbeatMetadata), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out heartbeat);

    private static string SafeMachineName() =>
        new([.. Environment.MachineName.ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-').Take(40)]);

    private sealed class OwnedPartition(string leaseId, DateTimeOffset acquiredAt)
    {
        public string LeaseId { get; } = leaseId;

        public DateTimeOffset LastRenewed { get; set; } = acquiredAt;

        public CancellationTokenSource Lost { get; } = new();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Replica {ReplicaId} acquired partition {Partition} ({Owned}/{Target})")]
        public static partial void Acquired(ILogger logger, string replicaId, int partition, int owned, int target);

        [LoggerMessage(Level = LogLevel.Information, Message = "Replica {ReplicaId} gives partition {Partition} up: its share is {Target} of {Live} live replicas")]
        public static partial void GivingUp(ILogger logger, string replicaId, int partition, int target, int live);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaId} broke the lease of partition {Partition} held by {Owner}, whose heartbeat stopped")]
        public static partial void TookOver(ILogger logger, string replicaId, int partition, string owner);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaId} lost partition {Partition} ({Reason})")]
        public static partial void Lost(ILogger logger, string replicaId, int partition, string? reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaId} could not renew partition {Partition}; trying again next round")]
        public static partial void RenewFailed(ILogger logger, string replicaId, int partition, Exception exception);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaId} could not release partition {Partition} ({Reason}); it lapses by itself")]
        public static partial void ReleaseFailed(ILogger logger, string replicaId, int partition, string? reason);

        [LoggerMessage(Level = LogLevel.Error, Message = "Balancing round of replica {ReplicaId} failed")]
        public static partial void RoundFailed(ILogger logger, string replicaId, Exception exception);

        [LoggerMessage(Level = LogLevel.Error, Message = "A PartitionAcquired handler failed for partition {Partition}")]
        public static partial void HandlerFailed(ILogger logger, int partition, Exception exception);

        [LoggerMessage(Level = LogLevel.Information, Message = "Replica {ReplicaId} released its partitions and left")]
        public static partial void Stopped(ILogger logger, string replicaId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping the partition balancer failed; its leases lapse by themselves")]
        public static partial void StopFailed(ILogger logger, Exception exception);
    }
}
