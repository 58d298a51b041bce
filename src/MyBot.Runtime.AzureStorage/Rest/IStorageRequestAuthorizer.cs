namespace MyBot.Runtime.AzureStorage.Rest;

/// <summary>Adds the Authorization header to a request that is about to be sent.</summary>
public interface IStorageRequestAuthorizer
{
    /// <summary>Shared key or bearer, for error messages that say what to fix.</summary>
    StorageAuthenticationKind Kind { get; }

    ValueTask AuthorizeAsync(StorageRequest request, HttpRequestMessage message, CancellationToken cancellationToken);
}
