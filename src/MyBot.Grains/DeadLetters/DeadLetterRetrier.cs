using System.Text.Json;
using Microsoft.Extensions.Logging;
using MyBot.Channels;
using MyBot.Grains.Delivery;
using MyBot.Grains.Sessions;

namespace MyBot.Grains.DeadLetters;

/// <summary>
/// Puts a dead-lettered event back into the grain that gave up on it, as a new event with a fresh attempt count: an
/// inbound event into its session's inbox (<see cref="ISessionGrain.RetryAsync"/>), a reply into its delivery grain's
/// outbox (<see cref="IDeliveryGrain.RedeliverAsync"/>). The grain has it durably before the letter is deleted; a
/// crash in between leaves the letter, and retrying it again is harmless because the letter's id is the retry id,
/// which the grain applies once.
/// </summary>
public sealed partial class DeadLetterRetrier(IDeadLetterStore deadLetters, IGrainFactory grains, ILogger<DeadLetterRetrier> logger)
{
    public async Task<DeadLetterRetryResult> RetryAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var letter = await deadLetters.GetAsync(id, cancellationToken);
        if (letter is null)
        {
            return new DeadLetterRetryResult(DeadLetterRetryStatus.NotFound);
        }

        var (retry, reason) = Target(letter);
        if (retry is null)
        {
            Log.NotRetryable(logger, letter.Id, letter.Origin);
            return new DeadLetterRetryResult(DeadLetterRetryStatus.NotRetryable, letter, Reason: reason);
        }

        await retry();
        await deadLetters.DeleteAsync(letter.Id, cancellationToken);
        Log.Requeued(logger, letter.Id, letter.Origin, letter.Key);
        return new DeadLetterRetryResult(DeadLetterRetryStatus.Requeued, letter, RequeuedTo: letter.Origin);
    }

    private (Func<Task>? Retry, string? Reason) Target(DeadLetter letter)
    {
        if (string.IsNullOrEmpty(letter.Key))
        {
            return (null, $"Dead letter '{letter.Id}' has no stream or grain key, so there is nowhere to put it back; discard it once you have looked at it.");
        }

        switch (letter.Origin)
        {
            case DeliveryGrain.DeadLetterOrigin:
                return Read<OutboundEvent>(letter.Payload) is { Id.Length: > 0, Source: not null } outbound
                    ? (() => grains.GetGrain<IDeliveryGrain>(letter.Key).RedeliverAsync(outbound, letter.Id), null)
                    : (null, $"Dead letter '{letter.Id}' does not hold a readable reply, so it cannot be sent again; discard it once you have looked at it.");
            case SessionGrain.DeadLetterOrigin:
                return Read<InboundEvent>(letter.Payload) is { Id.Length: > 0, Source: not null } inbound
                    ? (() => grains.GetGrain<ISessionGrain>(letter.Key).RetryAsync(inbound, letter.Id), null)
                    : (null, $"Dead letter '{letter.Id}' does not hold a readable message, so it cannot be answered; discard it once you have looked at it.");
            default:
                return (null, $"Dead letters from '{letter.Origin}' cannot be retried: nothing on this server takes them back (for example, a Telegram update the bot could not read). Discard it once you have looked at it.");
        }
    }

    private static T? Read<T>(string payload) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(payload, ChannelJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Dead letter {Id} was handed back to its {Origin} grain for {Key} and deleted")]
        public static partial void Requeued(ILogger logger, string id, string origin, string key);

        [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Dead letter {Id} from {Origin} cannot be retried; it is kept")]
        public static partial void NotRetryable(ILogger logger, string id, string origin);
    }
}
