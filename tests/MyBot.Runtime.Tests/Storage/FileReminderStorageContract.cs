using Microsoft.Extensions.Options;
using MyBot.Runtime.Storage;
using MyBot.Runtime.Storage.File;
using MyBot.Runtime.Storage.Memory;
using MyBot.TestKit;
using MyBot.TestKit.Contracts;

namespace MyBot.Runtime.Tests.Storage;

public sealed class FileReminderStorageContract : ReminderStorageContractTests, IDisposable
{
    private readonly FileStores _stores = new();

    protected override Task<IReminderStorage> CreateStorageAsync() => Task.FromResult<IReminderStorage>(new FileReminderStorage(_stores.Directory));

    public void Dispose() => _stores.Dispose();
}
