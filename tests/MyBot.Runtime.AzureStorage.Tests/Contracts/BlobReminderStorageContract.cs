using MyBot.Runtime.Storage;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Contracts;

namespace MyBot.Runtime.AzureStorage.Tests.Contracts;

[Collection(AzuriteCollection.Name)]
public sealed class BlobReminderStorageContract(AzuriteServer azurite) : ReminderStorageContractTests, IDisposable
{
    private readonly AzureStorageAccount _account = TestAccounts.Create(azurite);

    protected override Task<IReminderStorage> CreateStorageAsync() => Task.FromResult<IReminderStorage>(new BlobReminderStorage(_account));

    public void Dispose() => _account.Dispose();
}
