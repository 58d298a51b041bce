using System.Net;
using System.Text;
using MyBot.Runtime.AzureStorage.Rest;
using MyBot.TestKit.Azure;

namespace MyBot.Runtime.AzureStorage.Tests.Rest;

[Collection(AzuriteCollection.Name)]
public sealed class BlobContainerClientTests(AzuriteServer azurite) : IDisposable
{
    private readonly AzureStorageAccount _account = TestAccounts.Create(azurite);

    private BlobContainerClient Container => _account.Container;

    private string Blob(string name) => $"{_account.Names.ServiceId}/{name}";

    [Fact]
    public async Task Put_get_and_delete_round_trip_with_metadata()
    {
        await _account.EnsureContainerAsync(default);
        var etag = await Container.PutAsync(Blob("a"), Encoding.UTF8.GetBytes("hello"), BlobConditions.None, default, new Dictionary<string, string> { ["owner"] = "r1" });

        var download = await Container.GetAsync(Blob("a"), default);

        Assert.NotNull(download);
        Assert.Equal("hello", Encoding.UTF8.GetString(download.Content));
        Assert.Equal(etag, download.ETag);
        Assert.Equal("r1", download.Metadata["owner"]);
        Assert.True(await Container.DeleteAsync(Blob("a"), etag, default));
        Assert.Null(await Container.GetAsync(Blob("a"), default));
        Assert.False(await Container.DeleteAsync(Blob("a"), null, default));
    }

    [Fact]
    public async Task A_stale_etag_is_refused_with_412()
    {
        await _account.EnsureContainerAsync(default);
        var first = await Container.PutAsync(Blob("b"), "1"u8.ToArray(), BlobConditions.None, default);
        await Container.PutAsync(Blob("b"), "2"u8.ToArray(), BlobConditions.Matching(first), default);

        var error = await Assert.ThrowsAsync<AzureStorageException>(() => Container.PutAsync(Blob("b"), "3"u8.ToArray(), BlobConditions.Matching(first), default));
        var deleteError = await Assert.ThrowsAsync<AzureStorageException>(() => Container.DeleteAsync(Blob("b"), first, default));

        Assert.Equal(HttpStatusCode.PreconditionFailed, error.Status);
        Assert.Equal(StorageErrorCodes.ConditionNotMet, error.ErrorCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, deleteError.Status);
    }

    [Fact]
    public async Task Create_only_on_an_existing_blob_is_refused_with_409()
    {
        await _account.EnsureContainerAsync(default);
        await Container.PutAsync(Blob("c"), "1"u8.ToArray(), BlobConditions.CreateOnly, default);

        var error = await Assert.ThrowsAsync<AzureStorageException>(() => Container.PutAsync(Blob("c"), "2"u8.ToArray(), BlobConditions.CreateOnly, default));

        Assert.Equal(HttpStatusCode.Conflict, error.Status);
        Assert.Equal(StorageErrorCodes.BlobAlreadyExists, error.ErrorCode);
    }

    [Fact]
    public async Task List_follows_the_prefix_and_reports_lease_state_and_metadata()
    {
        await _account.EnsureContainerAsync(default);
        await Container.PutAsync(Blob("l/1"), "x"u8.ToArray(), BlobConditions.None, default, new Dictionary<string, string> { ["k"] = "v" });
        await Container.PutAsync(Blob("l/2"), "x"u8.ToArray(), BlobConditions.None, default);
        await Container.PutAsync(Blob("other"), "x"u8.ToArray(), BlobConditions.None, default);
        await Container.AcquireLeaseAsync(Blob("l/2"), TimeSpan.FromSeconds(15), Guid.NewGuid().ToString(), default);

        var items = await Container.ListAsync(Blob("l/"), includeMetadata: true, default);

        Assert.Equal([Blob("l/1"), Blob("l/2")], items.Select(i => i.Name));
        Assert.Equal("v", items[0].Metadata["k"]);
        Assert.Equal("available", items[0].LeaseState);
        Assert.Equal("leased", items[1].LeaseState);
    }

    [Fact]
    public async Task Lease_conflicts_are_reported_and_break_frees_the_blob()
    {
        await _account.EnsureContainerAsync(default);
        await Container.PutAsync(Blob("lease"), "x"u8.ToArray(), BlobConditions.None, default);
        var first = await Container.AcquireLeaseAsync(Blob("lease"), TimeSpan.FromSeconds(60), Guid.NewGuid().ToString(), default);

        var second = await Assert.ThrowsAsync<AzureStorageException>(() => Container.AcquireLeaseAsync(Blob("lease"), TimeSpan.FromSeconds(60), Guid.NewGuid().ToString(), default));
        var writeWithoutLease = await Assert.ThrowsAsync<AzureStorageException>(() => Container.PutAsync(Blob("lease"), "y"u8.ToArray(), BlobConditions.None, default));
        await Container.RenewLeaseAsync(Blob("lease"), first, default);
        var changed = await Container.ChangeLeaseAsync(Blob("lease"), first, Guid.NewGuid().ToString(), default);
        var renewOld = await Assert.ThrowsAsync<AzureStorageException>(() => Container.RenewLeaseAsync(Blob("lease"), first, default));
        await Container.BreakLeaseAsync(Blob("lease"), TimeSpan.Zero, default);
        var renewBroken = await Assert.ThrowsAsync<AzureStorageException>(() => Container.RenewLeaseAsync(Blob("lease"), changed, default));
        var third = await Container.AcquireLeaseAsync(Blob("lease"), TimeSpan.FromSeconds(15), Guid.NewGuid().ToString(), default);
        await Container.ReleaseLeaseAsync(Blob("lease"), third, default);
        await Container.AcquireLeaseAsync(Blob("lease"), null, Guid.NewGuid().ToString(), default);

        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Equal(StorageErrorCodes.LeaseAlreadyPresent, second.ErrorCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, writeWithoutLease.Status);
        Assert.Equal(HttpStatusCode.Conflict, renewOld.Status);
        Assert.Equal(HttpStatusCode.Conflict, renewBroken.Status);
    }

    [Fact]
    public async Task Break_with_a_stale_etag_leaves_the_lease_alone()
    {
        await _account.EnsureContainerAsync(default);
        var etag = await Container.PutAsync(Blob("guarded"), "x"u8.ToArray(), BlobConditions.None, default);
        var lease = await Container.AcquireLeaseAsync(Blob("guarded"), TimeSpan.FromSeconds(60), Guid.NewGuid().ToString(), default);
        await Container.SetMetadataAsync(Blob("guarded"), new Dictionary<string, string> { ["owner"] = "me" }, lease, default);

        var error = await Assert.ThrowsAsync<AzureStorageException>(() => Container.BreakLeaseAsync(Blob("guarded"), TimeSpan.Zero, default, ifMatch: etag));
        await Container.RenewLeaseAsync(Blob("guarded"), lease, default);

        Assert.Equal(HttpStatusCode.PreconditionFailed, error.Status);
    }

    public void Dispose() => _account.Dispose();
}
