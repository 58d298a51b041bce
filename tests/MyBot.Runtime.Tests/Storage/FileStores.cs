using Microsoft.Extensions.Options;
using MyBot.Runtime.Storage;
using MyBot.Runtime.Storage.File;
using MyBot.Runtime.Storage.Memory;
using MyBot.TestKit;
using MyBot.TestKit.Contracts;

namespace MyBot.Runtime.Tests.Storage;

/// <summary>A fresh data directory per test class instance (xunit makes one per test).</summary>
internal sealed class FileStores : IDisposable
{
    private readonly TempDirectory _temp = new();

    public FileStores() => Directory = new FileDataDirectory(Options.Create(new FileStorageOptions { DataDir = _temp.Path }), new FileStoreMetrics());

    public FileDataDirectory Directory { get; }

    public void Dispose()
    {
        Directory.Dispose();
        _temp.Dispose();
    }
}
