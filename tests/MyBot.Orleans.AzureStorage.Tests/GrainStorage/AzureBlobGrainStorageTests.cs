using Microsoft.Extensions.DependencyInjection;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Contracts.Orleans;
using Orleans;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;

namespace MyBot.Orleans.AzureStorage.Tests.GrainStorage;

/// <summary>Orleans' Azure Blob grain storage, as <c>UseAzureStorage</c> wires it, under the contract our file storage keeps.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobGrainStorageTests(AzuriteServer azurite) : GrainStorageContract, IAsyncLifetime
{
    private readonly AzureTestAccount _account = new(azurite);

    protected override async Task<IGrainStorage> CreateStorageAsync()
    {
        var storage = _account.CreateSiloServices().GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        await StartedSiloLifecycle.StartAsync((ILifecycleParticipant<ISiloLifecycle>)storage);
        return storage;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _account.DisposeAsync().AsTask();
}
