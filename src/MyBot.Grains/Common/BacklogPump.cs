namespace MyBot.Grains.Common;

/// <summary>
/// Works through a grain's durable backlog (a session's inbox, a delivery's pending replies) on a grain timer that
/// interleaves with the grain's calls, so a call only makes the work durable and never waits for it under the
/// response timeout. One pass runs at a time; a pass ends when the backlog is empty or its head waits for a later
/// time, and a pass that throws is tried again after the wait the grain gives.
/// </summary>
/// <remarks>
/// A reminder is the wake-up after a crash while work is pending: <see cref="EnsureReminderAsync"/> registers it
/// before work is stored, and the first tick that finds nothing pending unregisters it, so a busy grain keeps one
/// reminder instead of a register and an unregister per item. The grain must implement <see cref="IRemindable"/>
/// and pass its ticks to <see cref="OnReminderAsync"/>.
/// </remarks>
/// <param name="grain">The grain whose timer and reminder this is.</param>
/// <param name="reminderName">The name of the grain's backstop reminder.</param>
/// <param name="reminderPeriod">The reminder's due time and period (see <see cref="BackstopReminder"/>).</param>
/// <param name="hasWork">Whether anything is pending in the grain's state.</param>
/// <param name="workAsync">One pass over the backlog; returns when to run again, or null when nothing is left.</param>
/// <param name="onFailure">Told of a pass that threw (the work is still pending); returns how long to wait before the next pass.</param>
/// <param name="timeProvider">The clock the wake-up times are measured against.</param>
public sealed class BacklogPump(
    IGrainBase grain,
    string reminderName,
    TimeSpan reminderPeriod,
    Func<bool> hasWork,
    Func<Task<DateTimeOffset?>> workAsync,
    Func<Exception, TimeSpan> onFailure,
    TimeProvider timeProvider)
{
    private IGrainTimer? _timer;
    private bool _pumping;
    private bool _reminderRegistered;

    /// <summary>Carries on with stored work when the grain activates (after a crash, a move, or the reminder's tick).</summary>
    public void Resume()
    {
        if (hasWork())
        {
            // Work is stored only after its reminder was registered, and the reminder goes only once nothing is pending.
            _reminderRegistered = true;
            Schedule(TimeSpan.Zero);
        }
    }

    /// <summary>Starts a pass now unless one is running (a running pass picks up what was added before it ends).</summary>
    public void Kick()
    {
        if (!_pumping && hasWork())
        {
            Schedule(TimeSpan.Zero);
        }
    }

    /// <summary>Registers the backstop reminder unless this activation knows it is registered; call before storing work.</summary>
    public async Task EnsureReminderAsync()
    {
        if (_reminderRegistered)
        {
            return;
        }

        await grain.RegisterOrUpdateReminder(reminderName, reminderPeriod, reminderPeriod);
        _reminderRegistered = true;
    }

    /// <summary>The reminder's tick: kicks the pump while work is pending, and unregisters the reminder once nothing is.</summary>
    public async Task OnReminderAsync(string tickedReminderName)
    {
        if (hasWork())
        {
            Kick();
            return;
        }

        if (await grain.GetReminder(tickedReminderName) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }

        _reminderRegistered = false;
    }

    private void Schedule(TimeSpan dueTime)
    {
        if (_timer is null)
        {
            _timer = grain.RegisterGrainTimer(PumpAsync, new GrainTimerCreationOptions(dueTime, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        }
        else
        {
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        if (_pumping)
        {
            return;
        }

        _pumping = true;
        try
        {
            if (await workAsync() is { } wakeAt)
            {
                var wait = wakeAt - timeProvider.GetUtcNow();
                Schedule(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
            }
        }
        catch (Exception ex)
        {
            Schedule(onFailure(ex));
        }
        finally
        {
            _pumping = false;
        }
    }
}
