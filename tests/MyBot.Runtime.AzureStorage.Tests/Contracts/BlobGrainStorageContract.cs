using MyBot.Runtime.Storage;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Contracts;

namespace MyBot.Runtime.AzureStorage.Tests.Contracts;

[Collection(AzuriteCollection.Name)]
public sealed class BlobGrainStorageContract(AzuriteServer azurite) : GrainStorageContractTests, IDisposable
{
    private readonly AzureStorageAccount _account = TestAccounts.Create(azurite);

    protected override Task<IGrainStorage> CreateStorageAsync() => Task.FromResult<IGrainStorage>(new BlobGrainStorage(_account, TimeProvider.System));

    public void Dispose() => _account.Dispose();
}
