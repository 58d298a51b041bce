namespace MyBot.Runtime.AzureStorage.Rest;

/// <param name="LeaseState">available, leased, expired, breaking or broken.</param>
public sealed record BlobItem(string Name, string ETag, string LeaseState, IReadOnlyDictionary<string, string> Metadata);
