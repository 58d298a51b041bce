using Azure.Core;

namespace MyBot.Runtime.AzureStorage.Rest;

/// <summary>Entra ID authorization (managed identity in Azure) with a cached token for https://storage.azure.com.</summary>
public sealed class BearerTokenAuthorizer(TokenCredential credential, TimeProvider timeProvider) : IStorageRequestAuthorizer
{
    private static readonly TokenRequestContext Context = new(["https://storage.azure.com/.default"]);
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken? _token;

    public StorageAuthenticationKind Kind => StorageAuthenticationKind.Bearer;

    public async ValueTask AuthorizeAsync(StorageRequest request, HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var token = await GetTokenAsync(cancellationToken);
        message.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
    }

    private async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } cached && cached.ExpiresOn - RefreshMargin > timeProvider.GetUtcNow())
        {
            return cached.Token;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } current && current.ExpiresOn - RefreshMargin > timeProvider.GetUtcNow())
            {
                return current.Token;
            }

            var fresh = await credential.GetTokenAsync(Context, cancellationToken);
            _token = fresh;
            return fresh.Token;
        }
        finally
        {
            _gate.Release();
        }
    }
}
