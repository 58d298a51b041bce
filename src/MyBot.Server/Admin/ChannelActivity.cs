using System.Diagnostics.Metrics;
using MyBot.Telemetry;

namespace MyBot.Server.Admin;

/// <summary>
/// Messages in and reply chunks out per channel in the last hour on this silo, for the owner's console. It listens to
/// the product's own counters (<c>mybot.messages.in</c>, <c>mybot.delivery.attempts</c> with outcome <c>sent</c>), so
/// the hot path records nothing twice; counts are kept in one-minute buckets.
/// </summary>
public sealed class ChannelActivity : IHostedService, IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private const string MessagesIn = "mybot.messages.in";
    private const string DeliveryAttempts = "mybot.delivery.attempts";
    private const int Buckets = 60;

    private readonly TimeProvider _time;
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Counts> _byPlatform = new(StringComparer.Ordinal);

    public ChannelActivity(TimeProvider time)
    {
        _time = time;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MyBotTelemetry.Name && instrument.Name is MessagesIn or DeliveryAttempts)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Messages in and chunks sent through <paramref name="platform"/> within <see cref="Window"/>.</summary>
    public (long In, long Out) LastHour(string platform)
    {
        var minute = CurrentMinute();
        lock (_gate)
        {
            return _byPlatform.TryGetValue(platform, out var counts) ? (counts.In.Sum(minute), counts.Out.Sum(minute)) : (0, 0);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? platform = null;
        string? outcome = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "mybot.channel":
                    platform = tag.Value as string;
                    break;
                case "mybot.delivery.outcome":
                    outcome = tag.Value as string;
                    break;
            }
        }

        var isIn = instrument.Name == MessagesIn;
        if (platform is null || (!isIn && outcome != "sent"))
        {
            return;
        }

        var minute = CurrentMinute();
        lock (_gate)
        {
            if (!_byPlatform.TryGetValue(platform, out var counts))
            {
                counts = new Counts();
                _byPlatform[platform] = counts;
            }

            (isIn ? counts.In : counts.Out).Add(minute, value);
        }
    }

    private long CurrentMinute() => _time.GetUtcNow().ToUnixTimeSeconds() / 60;

    private sealed class Counts
    {
        public MinuteRing In { get; } = new();

        public MinuteRing Out { get; } = new();
    }

    /// <summary>The last <see cref="Buckets"/> minutes; a bucket is reused once its minute has left the window.</summary>
    private sealed class MinuteRing
    {
        private readonly long[] _minutes = new long[Buckets];
        private readonly long[] _counts = new long[Buckets];

        public void Add(long minute, long value)
        {
            var slot = (int)(minute % Buckets);
            if (_minutes[slot] != minute)
            {
                _minutes[slot] = minute;
                _counts[slot] = 0;
            }

            _counts[slot] += value;
        }

        public long Sum(long now)
        {
            long sum = 0;
            for (var slot = 0; slot < Buckets; slot++)
            {
                if (now - _minutes[slot] < Buckets && _minutes[slot] <= now)
                {
                    sum += _counts[slot];
                }
            }

            return sum;
        }
    }
}
