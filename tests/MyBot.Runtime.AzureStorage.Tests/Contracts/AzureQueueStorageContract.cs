using MyBot.Runtime.Storage;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Contracts;

namespace MyBot.Runtime.AzureStorage.Tests.Contracts;

[Collection(AzuriteCollection.Name)]
public sealed class AzureQueueStorageContract(AzuriteServer azurite) : QueueStorageContractTests, IDisposable
{
    private readonly AzureStorageAccount _account = TestAccounts.Create(azurite);

    protected override Task<IQueueStorage> CreateQueuesAsync() => Task.FromResult<IQueueStorage>(new AzureQueueStorage(_account));

    /// <remarks>Azurite hides messages by its own wall clock, which no fake can move: the time has to pass for real.</remarks>
    protected override Task PassTimeAsync(TimeSpan delta) => Task.Delay(delta);

    public void Dispose() => _account.Dispose();
}
