using Microsoft.Extensions.Options;
using MyBot.Runtime.Storage;
using MyBot.Runtime.Storage.File;
using MyBot.Runtime.Storage.Memory;
using MyBot.TestKit;
using MyBot.TestKit.Contracts;

namespace MyBot.Runtime.Tests.Storage;

public sealed class FileGrainStorageContract : GrainStorageContractTests, IDisposable
{
    private readonly FileStores _stores = new();

    protected override Task<IGrainStorage> CreateStorageAsync() => Task.FromResult<IGrainStorage>(new FileGrainStorage(_stores.Directory));

    public void Dispose() => _stores.Dispose();
}
