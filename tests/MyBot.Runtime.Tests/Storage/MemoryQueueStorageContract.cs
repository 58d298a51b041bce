using Microsoft.Extensions.Options;
using MyBot.Runtime.Storage;
using MyBot.Runtime.Storage.File;
using MyBot.Runtime.Storage.Memory;
using MyBot.TestKit;
using MyBot.TestKit.Contracts;

namespace MyBot.Runtime.Tests.Storage;

public sealed class MemoryQueueStorageContract : QueueStorageContractTests
{
    protected override Task<IQueueStorage> CreateQueuesAsync() => Task.FromResult<IQueueStorage>(new MemoryQueueStorage(Time));

    protected override Task PassTimeAsync(TimeSpan delta)
    {
        Time.Advance(delta);
        return Task.CompletedTask;
    }
}
