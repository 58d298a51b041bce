using Microsoft.Extensions.Options;
using MyBot.Runtime.Storage;
using MyBot.Runtime.Storage.File;
using MyBot.Runtime.Storage.Memory;
using MyBot.TestKit;
using MyBot.TestKit.Contracts;

namespace MyBot.Runtime.Tests.Storage;

public sealed class MemoryReminderStorageContract : ReminderStorageContractTests
{
    protected override Task<IReminderStorage> CreateStorageAsync() => Task.FromResult<IReminderStorage>(new MemoryReminderStorage());
}
