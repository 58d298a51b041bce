namespace MyBot.Runtime.AzureStorage.Rest;

public sealed record ReceivedMessage(string MessageId, string PopReceipt, int DequeueCount, DateTimeOffset InsertedAt, string MessageText);
