using System.Collections.Concurrent;
using System.Globalization;
using MyBot.Orleans.FileStorage.Data;
using Orleans.Runtime;
using Orleans.Streams;

namespace MyBot.Orleans.FileStorage.Streams;

/// <summary>The queues of one provider under <c>streams/&lt;provider&gt;/&lt;queue number&gt;/</c>, opened once and shared by its adapter, receivers and failure handlers.</summary>
internal sealed class FileQueueSet(string providerName, FileDataDirectory directory, TimeProvider timeProvider, HashRingBasedStreamQueueMapper mapper)
{
    private readonly ConcurrentDictionary<QueueId, Lazy<FileQueue>> _queues = new();

    public FileQueue ForStream(StreamId streamId) => this[mapper.GetQueueForStream(streamId)];

    public FileQueue this[QueueId queueId] => _queues.GetOrAdd(queueId, id => new Lazy<FileQueue>(() => new FileQueue(
        directory,
        timeProvider,
        directory.PathFor("streams", FileDataDirectory.EscapeName(providerName), id.GetNumericId().ToString(CultureInfo.InvariantCulture))))).Value;
}
