using System.Net;
using MyBot.Runtime.AzureStorage.Rest;
using MyBot.TestKit.Azure;

namespace MyBot.Runtime.AzureStorage.Tests.Rest;

[Collection(AzuriteCollection.Name)]
public sealed class StorageRestClientTests(AzuriteServer azurite)
{
    [Fact]
    public async Task Service_unavailable_and_internal_errors_are_retried()
    {
        await using var proxy = await FaultProxy.StartAsync(new Uri($"http://127.0.0.1:{azurite.BlobPort}"));
        using var account = ThroughProxy(proxy, options => options.MaxRetries = 3);
        await account.EnsureContainerAsync(default);
        var before = proxy.Requests;
        proxy.Inject(FaultProxy.Fault.ServiceUnavailable, FaultProxy.Fault.InternalError);

        await account.Container.PutAsync($"{account.Names.ServiceId}/x", "x"u8.ToArray(), BlobConditions.None, default);

        Assert.Equal(3, proxy.Requests - before);
        Assert.NotNull(await account.Container.GetAsync($"{account.Names.ServiceId}/x", default));
    }

    [Fact]
    public async Task A_call_without_an_answer_times_out_and_is_retried()
    {
        await using var proxy = await FaultProxy.StartAsync(new Uri($"http://127.0.0.1:{azurite.BlobPort}"));
        using (var setup = ThroughProxy(proxy, options => options.MaxRetries = 3))
        {
            // The container is made with default timeouts: only the hung call should meet the short one, also on a loaded machine.
            await setup.EnsureContainerAsync(default);
        }

        using var account = ThroughProxy(proxy, options =>
        {
            options.MaxRetries = 2;
            options.RequestTimeout = TimeSpan.FromSeconds(2);
        });
        proxy.Inject(FaultProxy.Fault.Hang);

        var etag = await account.Container.PutAsync($"{account.Names.ServiceId}/y", "y"u8.ToArray(), BlobConditions.None, default);

        Assert.NotEmpty(etag);
    }

    [Fact]
    public async Task Retries_end_with_an_error_that_says_what_failed()
    {
        await using var proxy = await FaultProxy.StartAsync(new Uri($"http://127.0.0.1:{azurite.BlobPort}"));
        using var account = ThroughProxy(proxy, options => options.MaxRetries = 1);
        proxy.Inject(FaultProxy.Fault.ServiceUnavailable, FaultProxy.Fault.ServiceUnavailable);

        var error = await Assert.ThrowsAsync<AzureStorageException>(() => account.Container.GetAsync($"{account.Names.ServiceId}/z", default));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Contains("get blob", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_account_key_is_reported_as_such_without_retrying()
    {
        var options = TestAccounts.Options(azurite, azurite.ConnectionString.Replace(AzuriteServer.AccountKey, Convert.ToBase64String(new byte[64]), StringComparison.Ordinal));
        using var account = TestAccounts.Create(options);

        var error = await Assert.ThrowsAsync<AzureStorageException>(() => account.EnsureContainerAsync(default));

        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Contains("AccountKey in MyBot:Storage:Azure:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteServer.AccountKey, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StorageService.Blob, "Storage Blob Data Contributor")]
    [InlineData(StorageService.Queue, "Storage Queue Data Contributor")]
    public async Task A_forbidden_bearer_call_names_the_missing_role(StorageService service, string role)
    {
        var port = service == StorageService.Blob ? azurite.BlobPort : azurite.QueuePort;
        await using var proxy = await FaultProxy.StartAsync(new Uri($"http://127.0.0.1:{port}"));
        proxy.Inject(FaultProxy.Fault.Forbidden);
        using var http = new HttpClient();
        var client = new StorageRestClient(
            http,
            new BearerTokenAuthorizer(new StaticTokenCredential(), TimeProvider.System),
            StorageRetryPolicy.Default,
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<StorageRestClient>.Instance);
        var request = new StorageRequest(service, HttpMethod.Get, new Uri(proxy.Address, "devstoreaccount1/anything"), "probe");

        var error = await Assert.ThrowsAsync<AzureStorageException>(() => client.SendAsync(request, default));

        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Contains(role, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, proxy.Requests);
    }

    private AzureStorageAccount ThroughProxy(FaultProxy proxy, Action<AzureStorageOptions> configure)
    {
        var connection = azurite.ConnectionString.Replace($"http://127.0.0.1:{azurite.BlobPort}/", proxy.Address.AbsoluteUri, StringComparison.Ordinal);
        var options = TestAccounts.Options(azurite, connection);
        configure(options);
        return TestAccounts.Create(options);
    }

    private sealed class StaticTokenCredential : Azure.Core.TokenCredential
    {
        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("test-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
