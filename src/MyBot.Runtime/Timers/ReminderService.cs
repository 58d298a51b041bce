using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MyBot.Runtime.Storage;

namespace MyBot.Runtime.Timers;

/// <summary>
/// Durable one-shot timers. Registered ones are stored first, then armed in memory; on acquiring a partition its
/// stored reminders are armed again, so they survive restarts and move with the partition to another replica.
/// A reminder is deleted only after its grain handled it, and retried with backoff when the grain throws.
/// </summary>
internal sealed partial class ReminderService(IReminderStorage storage, GrainCatalog catalog, TimeProvider timeProvider, ILogger<ReminderService> logger) : IDisposable
{
    private const int MaxAttempts = 20;
    private readonly ConcurrentDictionary<(GrainId GrainId, string Name), Armed> _armed = new();

    public async Task RegisterAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        await storage.UpsertAsync(entry, cancellationToken);
        Arm(entry, CancellationToken.None);
    }

    public async Task UnregisterAsync(int partition, GrainId grainId, string name, CancellationToken cancellationToken)
    {
        await storage.DeleteAsync(partition, grainId, name, cancellationToken);
        if (_armed.TryRemove((grainId, name), out var armed))
        {
            armed.Timer.Dispose();
        }
    }

    public async Task LoadPartitionAsync(int partition, CancellationToken lost)
    {
        var entries = await storage.ClaimPartitionAsync(partition, lost);
        foreach (var entry in entries)
        {
            Arm(entry, lost);
        }

        lost.Register(() => DisarmPartition(partition));
        Log.PartitionLoaded(logger, partition, entries.Count);
    }

    public void Dispose()
    {
        foreach (var armed in _armed.Values)
        {
            armed.Timer.Dispose();
        }

        _armed.Clear();
    }

    private void Arm(ReminderEntry entry, CancellationToken lost, int attempt = 0, TimeSpan? delay = null)
    {
        var key = (entry.GrainId, entry.Name);
        var due = delay ?? Max(entry.DueAt - timeProvider.GetUtcNow(), TimeSpan.Zero);
        var armed = new Armed(entry, lost);
        armed.Timer = timeProvider.CreateTimer(_ => _ = FireAsync(armed, attempt), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (_armed.TryGetValue(key, out var previous))
        {
            previous.Timer.Dispose();
        }

        _armed[key] = armed;
        armed.Timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private async Task FireAsync(Armed armed, int attempt)
    {
        var entry = armed.Entry;
        if (armed.Lost.IsCancellationRequested)
        {
            return;
        }

        var registration = catalog.RegistrationFor(entry.GrainId.Type);
        try
        {
            if (registration is null)
            {
                throw new InvalidOperationException($"No grain type '{entry.GrainId.Type}' is registered.");
            }

            await catalog.InvokeAsync<object?>(
                registration,
                entry.GrainId.Key,
                async grain =>
                {
                    if (grain is not IRemindable remindable)
                    {
                        throw new InvalidOperationException($"{registration.ImplementationType.Name} registered a reminder but does not implement IRemindable.");
                    }

                    await remindable.ReceiveReminder(entry.Name, entry.DueAt);
                    return null;
                },
                armed.Lost);
        }
        catch (Exception ex) when (!armed.Lost.IsCancellationRequested)
        {
            if (attempt + 1 >= MaxAttempts)
            {
                Log.ReminderAbandoned(logger, ex, entry.Name, entry.GrainId.ToString(), attempt + 1);
                await RemoveIfCurrentAsync(armed);
                return;
            }

            var backoff = Backoff.Exponential(TimeSpan.FromSeconds(1), attempt + 1, TimeSpan.FromMinutes(5));
            Log.ReminderFailed(logger, ex, entry.Name, entry.GrainId.ToString(), backoff);
            if (_armed.TryGetValue((entry.GrainId, entry.Name), out var current) && ReferenceEquals(current, armed))
            {
                Arm(entry, armed.Lost, attempt + 1, backoff);
            }

            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await RemoveIfCurrentAsync(armed);
    }

    // The grain may have re-registered the same reminder while handling it; then the newer one stays.
    private async Task RemoveIfCurrentAsync(Armed armed)
    {
        var key = (armed.Entry.GrainId, armed.Entry.Name);
        if (_armed.TryGetValue(key, out var current) && ReferenceEquals(current, armed) && _armed.TryRemove(new KeyValuePair<(GrainId, string), Armed>(key, armed)))
        {
            armed.Timer.Dispose();
            try
            {
                await storage.DeleteAsync(armed.Entry.Partition, armed.Entry.GrainId, armed.Entry.Name, CancellationToken.None);
            }
            catch (Exception ex)
            {
                Log.ReminderDeleteFailed(logger, ex, armed.Entry.Name, armed.Entry.GrainId.ToString());
            }
        }
    }

    private void DisarmPartition(int partition)
    {
        foreach (var (key, armed) in _armed)
        {
            if (armed.Entry.Partition == partition && _armed.TryRemove(new KeyValuePair<(GrainId, string), Armed>(key, armed)))
            {
                armed.Timer.Dispose();
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class Armed(ReminderEntry entry, CancellationToken lost)
    {
        public ReminderEntry Entry { get; } = entry;

        public CancellationToken Lost { get; } = lost;

        public ITimer Timer { get; set; } = null!;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Armed {Count} reminders of partition {Partition}")]
        public static partial void PartitionLoaded(ILogger logger, int partition, int count);

        [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Reminder {Name} of {GrainId} failed; retrying in {Backoff}")]
        public static partial void ReminderFailed(ILogger logger, Exception exception, string name, string grainId, TimeSpan backoff);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Reminder {Name} of {GrainId} failed {Attempts} times and is abandoned")]
        public static partial void ReminderAbandoned(ILogger logger, Exception exception, string name, string grainId, int attempts);

        [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Reminder {Name} of {GrainId} fired but could not be deleted; it may fire again")]
        public static partial void ReminderDeleteFailed(ILogger logger, Exception exception, string name, string grainId);
    }
}
