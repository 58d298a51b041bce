using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MyBot.Orleans.FileStorage.GrainStorage;
using MyBot.TestKit.Contracts.Orleans;
using Orleans.Serialization;
using Orleans.Storage;

namespace MyBot.Orleans.FileStorage.Tests.GrainStorage;

public sealed class FileGrainStorageTests : GrainStorageContract, IDisposable
{
    private const string ProviderName = "Default";

    private readonly TestDataDirectory _data = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ServiceProvider _services;

    public FileGrainStorageTests()
    {
        _services = new ServiceCollection()
            .AddSerializer()
            .AddLogging(logging => logging.AddProvider(_logs))
            .AddSingleton(_data.Directory)
            .AddSingleton<TimeProvider>(new FakeTimeProvider())
            .AddOptions()
            .BuildServiceProvider();
    }

    protected override Task<IGrainStorage> CreateStorageAsync() =>
        Task.FromResult<IGrainStorage>(FileGrainStorageFactory.Create(_services, ProviderName));

    [Fact]
    public async Task State_is_a_readable_json_file_with_its_etag()
    {
        var storage = FileGrainStorageFactory.Create(_services, ProviderName);
        var id = NewId();
        var state = State("hello", "x");
        await storage.WriteStateAsync("state", id, state);
        _data.Directory.Checkpoint();

        var json = await File.ReadAllTextAsync(storage.PathOf("state", id));
        Assert.StartsWith($"{{\"etag\":\"{state.ETag}\",\"state\":{{", json, StringComparison.Ordinal);
        Assert.Contains("\"hello\"", json, StringComparison.Ordinal);
        Assert.StartsWith(_data.Root, storage.PathOf("state", id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_state_file_is_moved_aside_with_a_warning_and_the_grain_starts_afresh()
    {
        var storage = FileGrainStorageFactory.Create(_services, ProviderName);
        var id = NewId();
        await storage.WriteStateAsync("state", id, State("hello"));
        _data.Directory.Checkpoint();
        var path = storage.PathOf("state", id);
        await File.WriteAllTextAsync(path, "{\"etag\":\"1\",\"state\":{\"text\": tru");

        var read = await ReadAsync(storage, id);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.False(File.Exists(path));
        var moved = Assert.Single(Directory.GetFiles(Path.Combine(_data.Root, "corrupt")));
        Assert.Equal("{\"etag\":\"1\",\"state\":{\"text\": tru", await File.ReadAllTextAsync(moved));
        var warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains(path, warning.Message, StringComparison.Ordinal);

        await storage.WriteStateAsync("state", id, read);
        Assert.True((await ReadAsync(storage, id)).RecordExists);
    }

    [Fact]
    public async Task A_state_file_of_another_shape_is_moved_aside_too_under_a_long_key()
    {
        var storage = FileGrainStorageFactory.Create(_services, ProviderName);
        var id = GrainId.Create(new string('t', 200), new string('k', 300));
        var path = storage.PathOf("state", id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes("[1,2,3]"));

        Assert.False((await ReadAsync(storage, id)).RecordExists);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Unsafe_key_characters_stay_inside_one_file_name()
    {
        var storage = FileGrainStorageFactory.Create(_services, ProviderName);
        var path = storage.PathOf("../state", GrainId.Create("type/..", "../../etc/passwd"));
        Assert.StartsWith(Path.Combine(_data.Root, "grains"), Path.GetFullPath(path), StringComparison.Ordinal);
        Assert.Equal(5, Path.GetRelativePath(_data.Root, path).Split(Path.DirectorySeparatorChar).Length);
    }

    [Fact]
    public async Task Nothing_is_kept_per_grain_once_its_writes_are_done()
    {
        var storage = FileGrainStorageFactory.Create(_services, ProviderName);
        await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            var id = GrainId.Create("session", $"http:u{i}:u{i}");
            var state = State("first");
            await storage.WriteStateAsync("state", id, state);
            await storage.WriteStateAsync("state", id, state);
            if (i % 2 == 0)
            {
                await storage.ClearStateAsync("state", id, state);
            }
        }));

        Assert.Equal(0, storage.LockedKeys);
    }

    public void Dispose()
    {
        _services.Dispose();
        _data.Dispose();
    }
}
