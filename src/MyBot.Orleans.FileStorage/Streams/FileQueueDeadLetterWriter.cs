using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MyBot.Grains;
using Orleans.Serialization;
using Orleans.Streams;

namespace MyBot.Orleans.FileStorage.Streams;

/// <summary>
/// Turns a message that used up its attempts, or cannot be read, into a dead letter and removes it from its queue so
/// it does not come back for ever. The dead letter is written first: a crash in between dead-letters it again under
/// the same id, which the store keeps once.
/// </summary>
internal sealed partial class FileQueueDeadLetterWriter(
    string providerName,
    IDeadLetterStore deadLetters,
    Serializer<FileQueueBatchContainer> serializer,
    TimeProvider timeProvider,
    ILogger<FileQueueDeadLetterWriter> logger)
{
    public async Task DeadLetterAsync(FileQueue queue, QueueId queueId, ReceivedMessage message, string error, CancellationToken cancellationToken)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"{providerName}/{queueId.GetNumericId()}/{message.MessageId}");
        string key;
        string payload;
        try
        {
            var batch = serializer.Deserialize(message.Payload) ?? throw new InvalidOperationException("The message holds no batch.");
            key = batch.StreamId.GetKeyAsString();
            payload = batch.Events.Count == 1
                ? JsonSerializer.Serialize(batch.Events[0], DeadLetterPayloadJson.Options)
                : JsonSerializer.Serialize(batch.Events, DeadLetterPayloadJson.Options);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            key = string.Empty;
            payload = Convert.ToBase64String(message.Payload);
            error = $"{error} The message could not be read back ({ex.GetType().Name}: {ex.Message}); the payload is its stored bytes in base64.";
        }

        await deadLetters.AddAsync(new DeadLetter(id, providerName, key, payload, error, message.Attempt, timeProvider.GetUtcNow()), cancellationToken);
        queue.Delete(message.Receipt);
        LogDeadLettered(providerName, id, message.Attempt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream provider {Provider}: message {DeadLetterId} moved to the dead letters after {Attempts} attempts.")]
    private partial void LogDeadLettered(string provider, string deadLetterId, int attempts);
}
