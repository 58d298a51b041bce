using System.Text.Json;
using Microsoft.Extensions.Logging;
using MyBot.Agent.Delivery;
using MyBot.Channels;
using MyBot.Runtime.Storage;
using MyBot.Runtime.Streams;

namespace MyBot.Agent.DeadLetters;

/// <summary>
/// Puts a dead-lettered event back where it came from, as a new event with a fresh attempt count. A stream event is
/// published again to its stream (an inbound event that failed was never recorded as answered, so the session handles
/// it); a reply goes back to its delivery grain through <see cref="DeliveryRetryStreamHandler"/>, which makes the
/// grain forget that it had finished with it. The event is durable again before the letter is deleted, so a crash in
/// between leaves a duplicate at worst, never a loss.
/// </summary>
public sealed partial class DeadLetterRetrier(
    IDeadLetterStore deadLetters,
    IStreamPublisher streams,
    IEnumerable<IStreamHandler> handlers,
    ILogger<DeadLetterRetrier> logger)
{
    private readonly HashSet<string> _streamNamespaces = [.. handlers.Select(h => h.Namespace)];

    public async Task<DeadLetterRetryResult> RetryAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var letter = await deadLetters.GetAsync(id, cancellationToken);
        if (letter is null)
        {
            return new DeadLetterRetryResult(DeadLetterRetryStatus.NotFound);
        }

        var (target, reason) = Target(letter);
        if (target is null)
        {
            Log.NotRetryable(logger, letter.Id, letter.Origin);
            return new DeadLetterRetryResult(DeadLetterRetryStatus.NotRetryable, letter, Reason: reason);
        }

        await streams.PublishAsync(target, letter.Key, letter.Payload, cancellationToken);
        await deadLetters.DeleteAsync(letter.Id, cancellationToken);
        Log.Requeued(logger, letter.Id, target, letter.Key);
        return new DeadLetterRetryResult(DeadLetterRetryStatus.Requeued, letter, RequeuedTo: target);
    }

    private (string? Target, string? Reason) Target(DeadLetter letter)
    {
        if (string.IsNullOrEmpty(letter.Key))
        {
            return (null, $"Dead letter '{letter.Id}' has no stream or grain key, so there is nowhere to put it back; discard it once you have looked at it.");
        }

        if (string.Equals(letter.Origin, DeliveryGrain.DeadLetterOrigin, StringComparison.Ordinal))
        {
            return IsReply(letter.Payload)
                ? (DeliveryRetryStreamHandler.StreamNamespace, null)
                : (null, $"Dead letter '{letter.Id}' does not hold a readable reply, so it cannot be sent again; discard it once you have looked at it.");
        }

        return _streamNamespaces.Contains(letter.Origin)
            ? (letter.Origin, null)
            : (null, $"Dead letters from '{letter.Origin}' cannot be retried: nothing on this server takes them back (for example, a Telegram update the bot could not read). Discard it once you have looked at it.");
    }

    private static bool IsReply(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<OutboundEvent>(payload, ChannelJson.Options) is { Id.Length: > 0, Source: not null };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Dead letter {Id} was published again to stream {Stream} for {Key} and deleted")]
        public static partial void Requeued(ILogger logger, string id, string stream, string key);

        [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Dead letter {Id} from {Origin} cannot be retried; it is kept")]
        public static partial void NotRetryable(ILogger logger, string id, string origin);
    }
}
