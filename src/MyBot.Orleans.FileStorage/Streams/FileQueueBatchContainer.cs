using Orleans;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace MyBot.Orleans.FileStorage.Streams;

/// <summary>
/// The events of one <c>QueueMessageBatchAsync</c> call: stored in the message file with Orleans' serializer (the
/// sequence token is null there) and given a token when it is received.
/// </summary>
[GenerateSerializer]
[Alias("MyBot.Orleans.FileStorage.Streams.FileQueueBatchContainer")]
public sealed class FileQueueBatchContainer(StreamId streamId, List<object> events, Dictionary<string, object>? requestContext) : IBatchContainer
{
    [Id(0)]
    public StreamId StreamId { get; } = streamId;

    [Id(1)]
    public List<object> Events { get; } = events;

    [Id(2)]
    public Dictionary<string, object>? RequestContext { get; } = requestContext;

    /// <summary>Unique per receive: a message handed out again gets a newer one, so the cache delivers it again.</summary>
    [Id(3)]
    public EventSequenceTokenV2? ReceiveToken { get; internal set; }

    /// <summary>Which receive of the message this is, starting at 1.</summary>
    [Id(4)]
    public int Attempt { get; internal set; }

    public StreamSequenceToken SequenceToken =>
        ReceiveToken ?? throw new InvalidOperationException("A batch read from a message file has no sequence token until it is received.");

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Events.OfType<T>().Select((e, i) => Tuple.Create<T, StreamSequenceToken>(e, ((EventSequenceTokenV2)SequenceToken).CreateSequenceTokenForEvent(i)));

    public bool ImportRequestContext()
    {
        if (RequestContext is null)
        {
            return false;
        }

        RequestContextExtensions.Import(RequestContext);
        return true;
    }

    public override string ToString() => $"[{nameof(FileQueueBatchContainer)}:Stream={StreamId},#Items={Events.Count},Attempt={Attempt}]";
}
