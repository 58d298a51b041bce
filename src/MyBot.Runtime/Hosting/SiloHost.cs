using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Runtime.Storage;
using MyBot.Runtime.Streams;
using MyBot.Runtime.Timers;

namespace MyBot.Runtime.Hosting;

/// <summary>
/// Starts the silo: asks the balancer for partitions and, for each one acquired, pulls its stream and arms its
/// reminders. On stop it stops pulling, lets running turns finish until the host's shutdown timeout (what is cut
/// stays in the queue for the next start), releases the partitions and deactivates every grain.
/// </summary>
internal sealed partial class SiloHost(
    IPartitionBalancer balancer,
    ReminderService reminders,
    GrainCatalog catalog,
    IQueueStorage queues,
    IDeadLetterStore deadLetters,
    IEnumerable<IStreamHandler> handlers,
    PartitionSignals signals,
    SiloStatus status,
    IOptions<RuntimeOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory) : IHostedService, IDisposable
{
    private static readonly TimeSpan MaxReminderLoadBackoff = TimeSpan.FromMinutes(1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentDictionary<int, Task> _agents = new();
    private readonly ConcurrentDictionary<int, Task> _reminderLoads = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger<SiloHost>();
    private readonly IReadOnlyDictionary<string, IStreamHandler> _handlers = handlers.ToDictionary(h => h.Namespace, StringComparer.Ordinal);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        balancer.PartitionAcquired += OnPartitionAcquired;
        await balancer.StartAsync(cancellationToken);

        // Ready means the reminders of the partitions owned at start are armed, so a due one is not missed.
        await Task.WhenAll(_reminderLoads.Values);
        status.MarkStarted();
        Log.Started(_logger, options.Value.Partitions, balancer.OwnedPartitions.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        status.MarkStopping();
        await _stopping.CancelAsync();
        await using (cancellationToken.Register(() => _abort.Cancel()))
        {
            await Task.WhenAll(_agents.Values);
            await catalog.DeactivateAllAsync(_ => true, DeactivationReason.ShuttingDown, CancellationToken.None);
        }

        await balancer.StopAsync(CancellationToken.None);
        balancer.PartitionAcquired -= OnPartitionAcquired;
        Log.Stopped(_logger);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _abort.Dispose();
    }

    private void OnPartitionAcquired(int partition, CancellationToken lost)
    {
        var stopReceiving = CancellationTokenSource.CreateLinkedTokenSource(lost, _stopping.Token);
        var abort = CancellationTokenSource.CreateLinkedTokenSource(lost, _abort.Token);
        var agent = new PartitionPullingAgent(
            partition, queues, deadLetters, _handlers, signals, options.Value, timeProvider, loggerFactory.CreateLogger<PartitionPullingAgent>());
        var firstLoad = reminders.LoadPartitionAsync(partition, lost);
        _reminderLoads[partition] = firstLoad.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var run = Task.Run(async () =>
        {
            try
            {
                await LoadRemindersAsync(partition, firstLoad, lost, stopReceiving.Token);
                await agent.RunAsync(stopReceiving.Token, abort.Token);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception ex)
            {
                Log.PartitionFailed(_logger, ex, partition);
            }
            finally
            {
                stopReceiving.Dispose();
                abort.Dispose();
            }
        });
        _agents[partition] = run;
        lost.Register(() =>
        {
            Log.PartitionLost(_logger, partition);
            _ = catalog.DeactivateAllAsync(a => a.Partition == partition, DeactivationReason.PartitionLost, CancellationToken.None);
        });
    }

    /// <summary>
    /// The partition's events wait until its reminders are armed, and the load is retried for as long as the partition is
    /// owned: giving up would leave the partition owned here but served by nobody until a restart.
    /// </summary>
    private async Task LoadRemindersAsync(int partition, Task firstLoad, CancellationToken lost, CancellationToken stopReceiving)
    {
        var load = firstLoad;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await load;
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !stopReceiving.IsCancellationRequested)
            {
                var backoff = Backoff.Exponential(options.Value.RetryBackoff, attempt, MaxReminderLoadBackoff);
                Log.ReminderLoadFailed(_logger, ex, partition, backoff);
                await Task.Delay(backoff, timeProvider, stopReceiving);
                load = reminders.LoadPartitionAsync(partition, lost);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Silo started: {Owned} of {Partitions} partitions owned here")]
        public static partial void Started(ILogger logger, int partitions, int owned);

        [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Silo stopped")]
        public static partial void Stopped(ILogger logger);

        [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Partition {Partition} was lost or released; its grains are deactivated")]
        public static partial void PartitionLost(ILogger logger, int partition);

        [LoggerMessage(EventId = 1403, Level = LogLevel.Critical, Message = "Partition {Partition} stopped unexpectedly")]
        public static partial void PartitionFailed(ILogger logger, Exception exception, int partition);

        [LoggerMessage(EventId = 1404, Level = LogLevel.Error, Message = "Loading the reminders of partition {Partition} failed; its events wait, and the load is retried in {Backoff}")]
        public static partial void ReminderLoadFailed(ILogger logger, Exception exception, int partition, TimeSpan backoff);
    }
}
