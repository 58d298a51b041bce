namespace MyBot.Runtime.Storage.Memory;

/// <summary>Queues in memory with visibility timeouts, dequeue counts and pop receipts, for unit tests.</summary>
public sealed class MemoryQueueStorage(TimeProvider timeProvider) : IQueueStorage
{
    private readonly Dictionary<int, List<Entry>> _partitions = [];
    private readonly Lock _gate = new();
    private long _sequence;

    public int Count(int partition)
    {
        lock (_gate)
        {
            return _partitions.TryGetValue(partition, out var list) ? list.Count : 0;
        }
    }

    public Task EnqueueAsync(int partition, string body, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var id = (++_sequence).ToString("D20", System.Globalization.CultureInfo.InvariantCulture);
            Partition(partition).Add(new Entry(id, body, timeProvider.GetUtcNow()));
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int partition, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            var received = new List<QueueMessage>();
            foreach (var entry in Partition(partition))
            {
                if (received.Count == maxMessages)
                {
                    break;
                }

                if (entry.VisibleAt > now)
                {
                    continue;
                }

                entry.DequeueCount++;
                entry.PopReceipt = Guid.NewGuid().ToString("N");
                entry.VisibleAt = now + visibilityTimeout;
                received.Add(entry.ToMessage());
            }

            return Task.FromResult<IReadOnlyList<QueueMessage>>(received);
        }
    }

    public Task<QueueMessage> ExtendVisibilityAsync(int partition, QueueMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var entry = Find(partition, message);
            entry.PopReceipt = Guid.NewGuid().ToString("N");
            entry.VisibleAt = timeProvider.GetUtcNow() + visibilityTimeout;
            return Task.FromResult(entry.ToMessage());
        }
    }

    public Task DeleteAsync(int partition, QueueMessage message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Partition(partition).Remove(Find(partition, message));
            return Task.CompletedTask;
        }
    }

    private Entry Find(int partition, QueueMessage message)
    {
        var entry = Partition(partition).Find(e => e.Id == message.MessageId);
        return entry is not null && entry.PopReceipt == message.PopReceipt
            ? entry
            : throw new PopReceiptMismatchException($"Message {message.MessageId} in partition {partition} was received again or deleted.");
    }

    private List<Entry> Partition(int partition)
    {
        if (!_partitions.TryGetValue(partition, out var list))
        {
            _partitions[partition] = list = [];
        }

        return list;
    }

    private sealed class Entry(string id, string body, DateTimeOffset insertedAt)
    {
        public string Id { get; } = id;

        public int DequeueCount { get; set; }

        public string PopReceipt { get; set; } = string.Empty;

        public DateTimeOffset VisibleAt { get; set; } = DateTimeOffset.MinValue;

        public QueueMessage ToMessage() => new(Id, PopReceipt, DequeueCount, body, insertedAt);
    }
}
