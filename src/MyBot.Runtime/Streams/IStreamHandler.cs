namespace MyBot.Runtime.Streams;

/// <summary>Consumes one stream namespace. The event is removed only after this returns; a throw counts as a failed attempt.</summary>
public interface IStreamHandler
{
    string Namespace { get; }

    Task HandleAsync(StreamEvent streamEvent, CancellationToken cancellationToken);
}
