using MyBot.Runtime.Storage;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Contracts;

namespace MyBot.Runtime.AzureStorage.Tests.Contracts;

[Collection(AzuriteCollection.Name)]
public sealed class BlobDeadLetterStoreContract(AzuriteServer azurite) : DeadLetterStoreContractTests, IDisposable
{
    private readonly AzureStorageAccount _account = TestAccounts.Create(azurite);

    protected override Task<IDeadLetterStore> CreateStoreAsync() => Task.FromResult<IDeadLetterStore>(new BlobDeadLetterStore(_account));

    public void Dispose() => _account.Dispose();
}
