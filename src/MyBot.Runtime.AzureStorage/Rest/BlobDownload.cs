namespace MyBot.Runtime.AzureStorage.Rest;

public sealed record BlobDownload(byte[] Content, string ETag, IReadOnlyDictionary<string, string> Metadata);
