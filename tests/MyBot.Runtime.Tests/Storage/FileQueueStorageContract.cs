using Microsoft.Extensions.Options;
using MyBot.Runtime.Storage;
using MyBot.Runtime.Storage.File;
using MyBot.Runtime.Storage.Memory;
using MyBot.TestKit;
using MyBot.TestKit.Contracts;

namespace MyBot.Runtime.Tests.Storage;

public sealed class FileQueueStorageContract : QueueStorageContractTests, IDisposable
{
    private readonly FileStores _stores = new();

    protected override Task<IQueueStorage> CreateQueuesAsync() => Task.FromResult<IQueueStorage>(new FileQueueStorage(_stores.Directory, Time));

    protected override Task PassTimeAsync(TimeSpan delta)
    {
        Time.Advance(delta);
        return Task.CompletedTask;
    }

    public void Dispose() => _stores.Dispose();
}
