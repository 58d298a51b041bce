namespace MyBot.TestKit.Time;

/// <summary>
/// Microsoft's <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/>, starting at a fixed 2026 date, that also
/// counts its armed timers, so a test can wait until the code under test has started waiting before it moves the clock.
/// </summary>
public sealed class FakeTimeProvider : Microsoft.Extensions.Time.Testing.FakeTimeProvider
{
    private int _armed;

    public FakeTimeProvider()
        : this(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public FakeTimeProvider(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>Timers not yet disposed that will still fire: due in the future, or periodic.</summary>
    public int ActiveTimerCount => Volatile.Read(ref _armed);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Armed before the inner timer exists: a timer due now fires while it is being created.
        var timer = new CountedTimer(this);
        timer.Arm(dueTime, period);
        timer.Inner = base.CreateTimer(timer.Fire, (callback, state), dueTime, period);
        return timer;
    }

    private sealed class CountedTimer(FakeTimeProvider owner) : ITimer
    {
        private readonly Lock _gate = new();
        private bool _armed;
        private bool _periodic;

        public ITimer Inner { get; set; } = null!;

        public void Arm(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _periodic = period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero;
                SetArmed(dueTime != Timeout.InfiniteTimeSpan);
            }
        }

        public void Fire(object? state)
        {
            lock (_gate)
            {
                if (!_periodic)
                {
                    SetArmed(false);
                }
            }

            var (callback, callbackState) = ((TimerCallback, object?))state!;
            callback(callbackState);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Arm(dueTime, period);
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            lock (_gate)
            {
                SetArmed(false);
            }

            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void SetArmed(bool armed)
        {
            if (armed != _armed)
            {
                _armed = armed;
                Interlocked.Add(ref owner._armed, armed ? 1 : -1);
            }
        }
    }
}
