namespace MyBot.Runtime.Storage;

/// <param name="DequeueCount">How many times the message has been received, this receipt included.</param>
public sealed record QueueMessage(string MessageId, string PopReceipt, int DequeueCount, string Body, DateTimeOffset InsertedAt);
