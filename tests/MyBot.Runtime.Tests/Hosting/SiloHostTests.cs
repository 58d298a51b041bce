using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MyBot.Runtime.Hosting;
using MyBot.Runtime.Storage;
using MyBot.Runtime.Streams;
using MyBot.Runtime.Tests.Grains;
using MyBot.TestKit;
using MyBot.TestKit.Grains;
using MyBot.TestKit.Time;

namespace MyBot.Runtime.Tests.Hosting;

public sealed class SiloHostTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_partition_whose_reminders_cannot_be_loaded_retries_and_then_serves_its_events_and_reminders()
    {
        var time = new FakeTimeProvider();
        var stores = new SharedStores(time);
        var due = time.GetUtcNow().AddMinutes(5);
        await stores.Reminders.UpsertAsync(new ReminderEntry(0, new GrainId(nameof(CounterGrain), "r"), "tick", due), CancellationToken.None);
        var flaky = new FailingClaims(stores.Reminders, failures: 3);
        var probe = new ProbeStreamHandler("test");
        await using var silo = await TestSilo.StartAsync(
            s =>
            {
                s.AddGrain<ICounterGrain, CounterGrain>();
                s.AddSingleton(new ConcurrencyProbe());
                s.AddSingleton<IStreamHandler>(probe);
                s.RemoveAll<IReminderStorage>();
                s.AddSingleton<IReminderStorage>(flaky);
            },
            stores,
            time,
            new Dictionary<string, string?> { ["MyBot:Runtime:Partitions"] = "1" });
        await silo.Services.GetRequiredService<IStreamPublisher>().PublishAsync("test", "k", "waiting", CancellationToken.None);

        // Storage is down at start: the partition's events wait for its reminders instead of being served without them.
        Assert.Equal(1, flaky.Attempts);
        Assert.Empty(probe.Received);

        await Eventually.WaitUntilAsync(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(1));
                return flaky.Attempts > 3 && !probe.Received.IsEmpty;
            },
            Bound,
            "the reminder load to be retried until it succeeds, and the waiting event to be served");
        time.SetUtcNow(due.AddSeconds(1));
        await Eventually.WaitUntilAsync(async () => (await silo.GrainFactory.GetGrain<ICounterGrain>("r").FiredAsync()).Count == 1, Bound, "the loaded reminder to fire");
        Assert.Equal(4, flaky.Attempts);
    }

    private sealed class FailingClaims(IReminderStorage inner, int failures) : IReminderStorage
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public Task<IReadOnlyList<ReminderEntry>> ClaimPartitionAsync(int partition, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _attempts) <= failures
                ? Task.FromException<IReadOnlyList<ReminderEntry>>(new IOException("storage unreachable"))
                : inner.ClaimPartitionAsync(partition, cancellationToken);

        public Task<IReadOnlyList<ReminderEntry>> ReadPartitionAsync(int partition, CancellationToken cancellationToken) =>
            inner.ReadPartitionAsync(partition, cancellationToken);

        public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken) => inner.UpsertAsync(entry, cancellationToken);

        public Task DeleteAsync(int partition, GrainId grainId, string name, CancellationToken cancellationToken) =>
            inner.DeleteAsync(partition, grainId, name, cancellationToken);
    }
}
