using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MyBot.Runtime.Hosting;
using MyBot.Runtime.Storage;
using MyBot.Runtime.Storage.Memory;
using MyBot.Runtime.Streams;
using MyBot.TestKit;
using MyBot.TestKit.Grains;
using MyBot.TestKit.Time;

namespace MyBot.Runtime.Tests.Streams;

public sealed class PartitionPullingAgentTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_idle_partition_polls_less_and_less_often_and_a_local_publish_still_wakes_it_at_once()
    {
        var time = new FakeTimeProvider();
        var start = time.GetUtcNow();
        var options = new RuntimeOptions { Partitions = 1, PollInterval = TimeSpan.FromSeconds(1), MaxPollInterval = TimeSpan.FromSeconds(8) };
        var queues = new CountingQueues(new MemoryQueueStorage(time), time);
        var signals = new PartitionSignals();
        var probe = new ProbeStreamHandler("test");
        var agent = new PartitionPullingAgent(
            0, queues, new MemoryDeadLetterStore(), new Dictionary<string, IStreamHandler> { ["test"] = probe }, signals, options, time, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var run = agent.RunAsync(stop.Token, CancellationToken.None);

        // Only the agent's timers exist here: its visibility renewal and, while it waits, its poll timeout.
        await AdvanceWhileWaitingAsync(time, until: start.AddSeconds(60));

        var intervals = queues.Receives.Zip(queues.Receives.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        Assert.Equal([1, 2, 4, 8, 8, 8, 8, 8], intervals.Take(8));
        Assert.InRange(queues.Receives.Count, 9, 11);

        var publisher = new StreamPublisher(queues, signals, Options.Create(options), time);
        var before = queues.Receives.Count;
        await publisher.PublishAsync("test", "k", "wake", CancellationToken.None);
        await Eventually.WaitUntilAsync(() => !probe.Received.IsEmpty, Bound, "the published event to be handled without time passing");

        // Busy again: the next poll comes after the short interval.
        await Eventually.WaitUntilAsync(() => time.ActiveTimerCount == 2 && queues.Receives.Count >= before + 2, Bound, "the agent to wait for its next poll");
        var woken = queues.Receives[^1];
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.WaitUntilAsync(() => queues.Receives.Count > before + 2, Bound, "the poll one short interval later");
        Assert.Equal(TimeSpan.FromSeconds(1), queues.Receives[^1] - woken);

        await stop.CancelAsync();
        await run;
    }

    private static async Task AdvanceWhileWaitingAsync(FakeTimeProvider time, DateTimeOffset until)
    {
        while (time.GetUtcNow() < until)
        {
            await Eventually.WaitUntilAsync(() => time.ActiveTimerCount == 2, Bound, "the agent to wait for its next poll");
            time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private sealed class CountingQueues(IQueueStorage inner, TimeProvider time) : IQueueStorage
    {
        private readonly ConcurrentQueue<DateTimeOffset> _receives = new();

        public IReadOnlyList<DateTimeOffset> Receives => [.. _receives];

        public Task EnqueueAsync(int partition, string body, CancellationToken cancellationToken) => inner.EnqueueAsync(partition, body, cancellationToken);

        public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int partition, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
        {
            _receives.Enqueue(time.GetUtcNow());
            return inner.ReceiveAsync(partition, maxMessages, visibilityTimeout, cancellationToken);
        }

        public Task<QueueMessage> ExtendVisibilityAsync(int partition, QueueMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken) =>
            inner.ExtendVisibilityAsync(partition, message, visibilityTimeout, cancellationToken);

        public Task DeleteAsync(int partition, QueueMessage message, CancellationToken cancellationToken) => inner.DeleteAsync(partition, message, cancellationToken);
    }
}
