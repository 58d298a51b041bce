using Microsoft.Extensions.DependencyInjection;
using MyBot.Grains;
using MyBot.Orleans.AzureStorage.DeadLetters;
using MyBot.Orleans.AzureStorage.Hosting;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Contracts.DeadLetters;

namespace MyBot.Orleans.AzureStorage.Tests.DeadLetters;

[Collection(AzuriteCollection.Name)]
public sealed class BlobDeadLetterStoreTests(AzuriteServer azurite) : DeadLetterStoreContract, IAsyncLifetime
{
    private readonly AzureTestAccount _account = new(azurite);

    [Fact]
    public void AddAzureStorage_registers_the_blob_store_as_the_dead_letter_store()
    {
        Assert.IsType<BlobDeadLetterStore>(_account.CreateSiloServices().GetRequiredService<IDeadLetterStore>());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _account.DisposeAsync().AsTask();

    protected override IDeadLetterStore NewStore() => new BlobDeadLetterStore(_account.CreateSiloServices().GetRequiredService<AzureStorageClients>());
}
