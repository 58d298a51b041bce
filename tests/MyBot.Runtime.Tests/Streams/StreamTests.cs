using Microsoft.Extensions.DependencyInjection;
using MyBot.Runtime.Storage;
using MyBot.Runtime.Streams;
using MyBot.TestKit;
using MyBot.TestKit.Grains;

namespace MyBot.Runtime.Tests.Streams;

public sealed class StreamTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Events_arrive_in_publish_order_per_key_and_are_removed_after_handling()
    {
        var probe = new ProbeStreamHandler("test");
        await using var silo = await TestSilo.StartAsync(s => s.AddSingleton<IStreamHandler>(probe));
        var publisher = silo.Services.GetRequiredService<IStreamPublisher>();
        for (var i = 0; i < 20; i++)
        {
            await publisher.PublishAsync("test", $"key{i % 3}", i.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        }

        await Eventually.WaitUntilAsync(() => probe.Received.Count == 20, Bound, "all events to be handled");
        foreach (var group in probe.Received.GroupBy(e => e.Key))
        {
            var numbers = group.Select(e => int.Parse(e.Payload, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(numbers.Order(), numbers);
        }

        await Eventually.WaitUntilAsync(() => Enumerable.Range(0, 8).Sum(silo.Stores.Queues.Count) == 0, Bound, "the queues to be empty");
    }

    [Fact]
    public async Task An_event_whose_partition_another_replica_claimed_is_left_in_the_queue_not_retried_or_dead_lettered()
    {
        var probe = new ProbeStreamHandler("test")
        {
            OnEvent = e => e.Key == "moved" ? throw new PartitionLostException(0) : Task.CompletedTask,
        };
        await using var silo = await TestSilo.StartAsync(
            s => s.AddSingleton<IStreamHandler>(probe),
            configuration: new Dictionary<string, string?> { ["MyBot:Runtime:Partitions"] = "1" });
        var publisher = silo.Services.GetRequiredService<IStreamPublisher>();
        await publisher.PublishAsync("test", "moved", "for the new owner", CancellationToken.None);
        await publisher.PublishAsync("test", "other", "after it", CancellationToken.None);

        await Eventually.WaitUntilAsync(() => probe.Received.Any(e => e.Key == "other"), Bound, "the partition to go on");
        await Eventually.WaitUntilAsync(() => silo.Stores.Queues.Count(0) == 1, Bound, "the handled event to be deleted");

        // Retried here, it would have failed its five attempts within these 50 s (backoff 1 + 2 + 4 + 8 s); left alone, it
        // stays hidden for the visibility timeout (60 s) for the new owner to take.
        for (var i = 0; i < 10; i++)
        {
            await Eventually.WaitUntilAsync(() => silo.Time.ActiveTimerCount > 0, Bound, "the agent's timers");
            silo.Time.Advance(TimeSpan.FromSeconds(5));
            await Task.Yield();
        }

        Assert.Single(probe.Received, e => e.Key == "moved");
        Assert.Empty(await silo.Stores.DeadLetters.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_poison_event_ends_in_the_dead_letters_after_max_attempts_and_the_partition_keeps_serving()
    {
        var probe = new ProbeStreamHandler("test")
        {
            OnEvent = e => e.Key == "poison" ? throw new InvalidOperationException("always fails") : Task.CompletedTask,
        };
        await using var silo = await TestSilo.StartAsync(
            s => s.AddSingleton<IStreamHandler>(probe),
            configuration: new Dictionary<string, string?> { ["MyBot:Runtime:Partitions"] = "1" });
        var publisher = silo.Services.GetRequiredService<IStreamPublisher>();
        await publisher.PublishAsync("test", "poison", "bad", CancellationToken.None);
        await publisher.PublishAsync("test", "healthy", "good", CancellationToken.None);
        await Eventually.WaitUntilAsync(() => probe.Received.Any(e => e.Key == "healthy"), Bound, "the healthy key to be served while the poison one retries");
        for (var i = 0; i < 10 && (await silo.Stores.DeadLetters.ListAsync(CancellationToken.None)).Count == 0; i++)
        {
            await Eventually.WaitUntilAsync(() => silo.Time.ActiveTimerCount > 0, Bound, "a retry timer");
            silo.Time.Advance(TimeSpan.FromSeconds(30));
            await Task.Yield();
        }

        await Eventually.WaitUntilAsync(async () => (await silo.Stores.DeadLetters.ListAsync(CancellationToken.None)).Count == 1, Bound, "the poison event to be dead-lettered");
        var letter = Assert.Single(await silo.Stores.DeadLetters.ListAsync(CancellationToken.None));
        Assert.Equal("poison", letter.Key);
        Assert.Equal("bad", letter.Payload);
        Assert.Equal(5, letter.Attempts);
        Assert.Contains("always fails", letter.Error, StringComparison.Ordinal);
        Assert.Equal(5, probe.Received.Count(e => e.Key == "poison"));
        await Eventually.WaitUntilAsync(() => silo.Stores.Queues.Count(0) == 0, Bound, "the queue to be empty");
    }
}
