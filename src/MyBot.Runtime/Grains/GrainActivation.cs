using Microsoft.Extensions.Logging;

namespace MyBot.Runtime;

/// <summary>One live grain: its instance, its turn lock (one call at a time, FIFO), its timers.</summary>
internal sealed partial class GrainActivation(GrainCatalog catalog, GrainTypeRegistration registration, GrainId grainId, int partition) : IGrainContext
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly List<ITimer> _timers = [];
    private Grain? _grain;
    private bool _deactivated;
    private bool _deactivateRequested;
    private int _calls;

    public GrainId GrainId { get; } = grainId;

    public int Partition { get; } = partition;

    public IGrainFactory GrainFactory => catalog.GrainFactory;

    public TimeProvider TimeProvider => catalog.TimeProvider;

    public GrainTypeRegistration Registration { get; } = registration;

    public DateTimeOffset LastUsed { get; private set; } = catalog.TimeProvider.GetUtcNow();

    public bool IsBusy => Volatile.Read(ref _calls) > 0;

    public async Task<T> InvokeAsync<T>(Func<Grain, Task<T>> call, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        try
        {
            await _turn.WaitAsync(cancellationToken);
            try
            {
                if (_deactivated)
                {
                    throw new ActivationDeactivatedException();
                }

                var grain = _grain ?? await ActivateAsync(cancellationToken);
                try
                {
                    return await call(grain);
                }
                catch (InconsistentStateException ex)
                {
                    Log.InconsistentState(catalog.Logger, GrainId.ToString(), ex.Message);
                    await DeactivateCoreAsync(DeactivationReason.InconsistentState, CancellationToken.None);
                    throw;
                }
                finally
                {
                    LastUsed = TimeProvider.GetUtcNow();
                    if (_deactivateRequested && !_deactivated)
                    {
                        await DeactivateCoreAsync(DeactivationReason.ApplicationRequested, CancellationToken.None);
                    }
                }
            }
            finally
            {
                _turn.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _calls);
        }
    }

    /// <summary>Deactivates once no call is running; returns false when the activation is busy or already gone.</summary>
    public async Task<bool> TryDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!await _turn.WaitAsync(0, cancellationToken))
        {
            return false;
        }

        try
        {
            if (_deactivated)
            {
                return false;
            }

            await DeactivateCoreAsync(reason, cancellationToken);
            return true;
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Waits for the running call, then deactivates; for shutdown and lost partitions.</summary>
    public async Task DeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            if (!_deactivated)
            {
                await DeactivateCoreAsync(reason, cancellationToken);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    public void DeactivateOnIdle() => _deactivateRequested = true;

    public Task RegisterOrUpdateReminderAsync(string name, DateTimeOffset dueAt, CancellationToken cancellationToken = default) =>
        catalog.Reminders.RegisterAsync(new Storage.ReminderEntry(Partition, GrainId, name, dueAt), cancellationToken);

    public Task UnregisterReminderAsync(string name, CancellationToken cancellationToken = default) =>
        catalog.Reminders.UnregisterAsync(Partition, GrainId, name, cancellationToken);

    public IDisposable RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        var timer = TimeProvider.CreateTimer(_ => _ = FireTimerAsync(callback), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return new TimerRegistration(this, timer);
    }

    private async Task FireTimerAsync(Func<CancellationToken, Task> callback)
    {
        try
        {
            await InvokeAsync<object?>(
                async _ =>
                {
                    await callback(CancellationToken.None);
                    return null;
                },
                CancellationToken.None);
        }
        catch (ActivationDeactivatedException)
        {
        }
        catch (Exception ex)
        {
            Log.TimerFailed(catalog.Logger, ex, GrainId.ToString());
        }
    }

    private async Task<Grain> ActivateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (grain, states) = catalog.Activator.Create(Registration, this);
            foreach (var state in states)
            {
                await state.LoadAsync(cancellationToken);
            }

            await grain.OnActivateAsync(cancellationToken);
            _grain = grain;
            return grain;
        }
        catch
        {
            _deactivated = true;
            catalog.Remove(this);
            throw;
        }
    }

    private async Task DeactivateCoreAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deactivated = true;
        catalog.Remove(this);
        lock (_timers)
        {
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }

        if (_grain is null)
        {
            return;
        }

        try
        {
            await _grain.OnDeactivateAsync(reason, cancellationToken);
        }
        catch (Exception ex)
        {
            Log.DeactivationFailed(catalog.Logger, ex, GrainId.ToString());
        }
    }

    private sealed class TimerRegistration(GrainActivation owner, ITimer timer) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._timers)
            {
                owner._timers.Remove(timer);
            }

            timer.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "Grain {GrainId} hit a version conflict and is deactivated so the next call re-reads its state: {Reason}")]
        public static partial void InconsistentState(ILogger logger, string grainId, string reason);

        [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "A timer of grain {GrainId} failed")]
        public static partial void TimerFailed(ILogger logger, Exception exception, string grainId);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Grain {GrainId} failed while deactivating")]
        public static partial void DeactivationFailed(ILogger logger, Exception exception, string grainId);
    }
}
