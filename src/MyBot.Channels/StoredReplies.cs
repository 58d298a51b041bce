using System.Globalization;

namespace MyBot.Channels;

/// <summary>
/// Sending for the channels whose clients fetch their replies (HTTP, the browser): a chunk is delivered once it is stored
/// in its conversation's durable log grain. A failed store is transient, so the delivery grain tries it again.
/// </summary>
public static class StoredReplies
{
    /// <param name="append">
    /// Stores the chunk's text under the id it is given, keeping one entry per id, and returns the entry's sequence number.
    /// </param>
    public static async Task<SendResult> SendAsync(OutboundChunk chunk, Func<string, Task<long>> append, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(append);

        // The same id on every retry, so a chunk sent again after a lost answer is stored once.
        var id = chunk.Count > 1 ? $"{chunk.OutboundId}/{chunk.Index}" : chunk.OutboundId;
        try
        {
            var seq = await append(id).WaitAsync(cancellationToken);
            return SendResult.Sent(seq.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return SendResult.Transient($"Storing the reply failed: {exception.Message}");
        }
    }
}
