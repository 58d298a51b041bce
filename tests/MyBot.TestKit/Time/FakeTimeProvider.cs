using System.Collections.Concurrent;

namespace MyBot.TestKit.Time;

/// <summary>
/// Microsoft's <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/>, starting at a fixed 2026 date, that also
/// counts its armed timers, so a test can wait until the code under test has started waiting before it moves the clock.
/// </summary>
public sealed class FakeTimeProvider : Microsoft.Extensions.Time.Testing.FakeTimeProvider
{
    private readonly ConcurrentDictionary<CountedTimer, DateTimeOffset> _armed = new();

    public FakeTimeProvider()
        : this(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public FakeTimeProvider(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>Timers not yet disposed that will still fire: due in the future, or periodic.</summary>
    public int ActiveTimerCount => _armed.Count;

    /// <summary>
    /// Armed timers next due at <paramref name="due"/>: unlike <see cref="ActiveTimerCount"/>, this tells the timer of the
    /// code under test apart from the timers a host (Orleans) arms and disarms on the same clock at its own pace.
    /// </summary>
    public int TimersDueAt(DateTimeOffset due) => _armed.Values.Count(d => d == due);

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
        private bool _periodic;
        private TimeSpan _period;

        public ITimer Inner { get; set; } = null!;

        public void Arm(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _periodic = period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero;
                _period = period;
                SetArmed(dueTime != Timeout.InfiniteTimeSpan, dueTime);
            }
        }

        public void Fire(object? state)
        {
            lock (_gate)
            {
                SetArmed(_periodic, _period);
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
                SetArmed(false, TimeSpan.Zero);
            }

            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void SetArmed(bool armed, TimeSpan dueTime)
        {
            if (armed)
            {
                owner._armed[this] = owner.GetUtcNow() + dueTime;
            }
            else
            {
                owner._armed.TryRemove(this, out _);
            }
        }
    }
}
