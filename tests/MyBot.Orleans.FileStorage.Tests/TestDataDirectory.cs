using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MyBot.Orleans.FileStorage.Data;
using MyBot.TestKit;

namespace MyBot.Orleans.FileStorage.Tests;

/// <summary>A fresh, locked data directory for one test, deleted with it.</summary>
internal sealed class TestDataDirectory : IDisposable
{
    private readonly TempDirectory _temp = new();

    public TestDataDirectory() => Directory = Open(_temp.Path);

    public FileDataDirectory Directory { get; }

    public string Root => _temp.Path;

    public static FileDataDirectory Open(string path, ILogger<FileDataDirectory>? logger = null, long checkpointBytes = FileJournal.DefaultCheckpointBytes) =>
        new(Options.Create(new FileStorageOptions { DataDir = path }), new FileStoreMetrics(), TimeProvider.System, logger ?? NullLogger<FileDataDirectory>.Instance, checkpointBytes);

    public void Dispose()
    {
        Directory.Dispose();
        _temp.Dispose();
    }
}
