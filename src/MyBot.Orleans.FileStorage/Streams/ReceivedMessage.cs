namespace MyBot.Orleans.FileStorage.Streams;

/// <summary>A message as one receive handed it out: the receipt names this receive, for delete and failure.</summary>
internal sealed record ReceivedMessage(long MessageId, long Receipt, int Attempt, byte[] Payload);
