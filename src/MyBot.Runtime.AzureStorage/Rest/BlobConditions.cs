namespace MyBot.Runtime.AzureStorage.Rest;

/// <summary>Preconditions of a blob write.</summary>
public sealed record BlobConditions(string? IfMatch = null, string? IfNoneMatch = null, string? LeaseId = null)
{
    public static BlobConditions None { get; } = new();

    /// <summary>Create-only: fails with 409 BlobAlreadyExists when the blob exists.</summary>
    public static BlobConditions CreateOnly { get; } = new(IfNoneMatch: "*");

    public static BlobConditions Matching(string etag) => new(IfMatch: etag);
}
