using System.Globalization;
using System.Text;

namespace MyBot.Runtime.Storage.File;

/// <summary>
/// A queue per partition under <c>queues/&lt;partition&gt;/</c>, one file per message named <c>&lt;sequence&gt;.&lt;dequeue count&gt;.msg</c>.
/// Enqueue is fsynced before it returns. A receive renames the file to count the dequeue: a rename needs no fsync to
/// survive a killed process, and the count must survive one so an event that crashes the process ends as a dead letter.
/// Visibility lives in memory because one process owns the directory.
/// </summary>
public sealed class FileQueueStorage(FileDataDirectory directory, TimeProvider timeProvider) : IQueueStorage
{
    private readonly Dictionary<int, PartitionQueue> _partitions = [];
    private readonly Lock _gate = new();

    public Task EnqueueAsync(int partition, string body, CancellationToken cancellationToken)
    {
        var queue = Partition(partition);
        var bytes = Encoding.UTF8.GetBytes(body);
        lock (queue)
        {
            // Seeded from the clock so ids stay unique after the queue drained and the process restarted.
            var sequence = queue.LastSequence = Math.Max(queue.LastSequence + 1, timeProvider.GetUtcNow().UtcTicks);
            var path = Path.Combine(queue.Path, $"{sequence:D20}.0.msg");
            directory.WriteAtomically(path, bytes);
            queue.Entries.Add(new Entry(sequence, path, 0, timeProvider.GetUtcNow()) { Body = body });
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int partition, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var queue = Partition(partition);
        var received = new List<QueueMessage>();
        lock (queue)
        {
            var now = timeProvider.GetUtcNow();
            foreach (var entry in queue.Entries)
            {
                if (received.Count == maxMessages)
                {
                    break;
                }

                if (entry.VisibleAt > now)
                {
                    continue;
                }

                var counted = Path.Combine(queue.Path, $"{entry.Sequence:D20}.{entry.DequeueCount + 1}.msg");
                System.IO.File.Move(entry.Path, counted);
                entry.Path = counted;
                entry.DequeueCount++;
                entry.Body ??= System.IO.File.ReadAllText(counted, Encoding.UTF8);
                entry.PopReceipt = Guid.NewGuid().ToString("N");
                entry.VisibleAt = now + visibilityTimeout;
                received.Add(entry.ToMessage());
            }
        }

        return Task.FromResult<IReadOnlyList<QueueMessage>>(received);
    }

    public Task<QueueMessage> ExtendVisibilityAsync(int partition, QueueMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var queue = Partition(partition);
        lock (queue)
        {
            var entry = Find(queue, partition, message);
            entry.PopReceipt = Guid.NewGuid().ToString("N");
            entry.VisibleAt = timeProvider.GetUtcNow() + visibilityTimeout;
            return Task.FromResult(entry.ToMessage());
        }
    }

    public Task DeleteAsync(int partition, QueueMessage message, CancellationToken cancellationToken)
    {
        var queue = Partition(partition);
        lock (queue)
        {
            var entry = Find(queue, partition, message);
            System.IO.File.Delete(entry.Path);
            queue.Entries.Remove(entry);
        }

        return Task.CompletedTask;
    }

    private static Entry Find(PartitionQueue queue, int partition, QueueMessage message)
    {
        var entry = queue.Entries.Find(e => e.Id == message.MessageId);
        return entry is not null && entry.PopReceipt == message.PopReceipt
            ? entry
            : throw new PopReceiptMismatchException($"Message {message.MessageId} in partition {partition} was received again or deleted.");
    }

    private PartitionQueue Partition(int partition)
    {
        lock (_gate)
        {
            if (!_partitions.TryGetValue(partition, out var queue))
            {
                queue = Load(directory.PathFor("queues", partition.ToString(CultureInfo.InvariantCulture)));
                _partitions[partition] = queue;
            }

            return queue;
        }
    }

    private static PartitionQueue Load(string path)
    {
        Directory.CreateDirectory(path);
        var queue = new PartitionQueue(path);
        foreach (var file in Directory.EnumerateFiles(path))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                System.IO.File.Delete(file);
                continue;
            }

            var parts = name.Split('.');
            if (parts.Length != 3 || parts[2] != "msg"
                || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var dequeueCount))
            {
                continue;
            }

            queue.Entries.Add(new Entry(sequence, file, dequeueCount, new DateTimeOffset(System.IO.File.GetLastWriteTimeUtc(file))));
            queue.LastSequence = Math.Max(queue.LastSequence, sequence);
        }

        queue.Entries.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return queue;
    }

    private sealed class PartitionQueue(string path)
    {
        public string Path { get; } = path;

        public List<Entry> Entries { get; } = [];

        public long LastSequence { get; set; }
    }

    private sealed class Entry(long sequence, string path, int dequeueCount, DateTimeOffset insertedAt)
    {
        public long Sequence { get; } = sequence;

        public string Id { get; } = sequence.ToString("D20", CultureInfo.InvariantCulture);

        public string Path { get; set; } = path;

        public int DequeueCount { get; set; } = dequeueCount;

        public string? Body { get; set; }

        public string PopReceipt { get; set; } = string.Empty;

        public DateTimeOffset VisibleAt { get; set; } = DateTimeOffset.MinValue;

        public QueueMessage ToMessage() => new(Id, PopReceipt, DequeueCount, Body!, insertedAt);
    }
}
