using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using MyBot.Grains;
using MyBot.Server.Telemetry;
using MyBot.Telemetry;
using MyBot.TestKit.DeadLetters;

namespace MyBot.Server.Tests.Telemetry;

public sealed class DeadLetterMetricsTests
{
    [Fact]
    public async Task Every_letter_added_to_the_store_is_counted_by_its_origin()
    {
        var origin = $"test-origin-{Guid.NewGuid():N}";
        var counted = 0L;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MyBotTelemetry.Name && instrument.Name == "mybot.dead_letters")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, measurement, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "mybot.dead_letter.origin" && Equals(tag.Value, origin))
                {
                    Interlocked.Add(ref counted, measurement);
                }
            }
        });
        listener.Start();
        var inner = new MemoryDeadLetterStore();
        using var provider = new ServiceCollection().AddSingleton<IDeadLetterStore>(inner).AddDeadLetterMetrics().BuildServiceProvider();
        var store = provider.GetRequiredService<IDeadLetterStore>();

        await store.AddAsync(new DeadLetter("a", origin, "telegram", "{}", "unreadable", 1, DateTimeOffset.UnixEpoch), CancellationToken.None);
        await store.AddAsync(new DeadLetter("b", origin, "telegram", "{}", "unreadable", 1, DateTimeOffset.UnixEpoch), CancellationToken.None);

        Assert.IsType<CountingDeadLetterStore>(store);
        Assert.Equal(2, Interlocked.Read(ref counted));
        Assert.Equal(["a", "b"], (await inner.ListAsync(CancellationToken.None)).Select(l => l.Id));
    }
}
