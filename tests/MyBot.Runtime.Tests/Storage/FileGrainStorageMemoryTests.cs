using System.Text;
using MyBot.Runtime.Storage;
using MyBot.Runtime.Storage.File;

namespace MyBot.Runtime.Tests.Storage;

public sealed class FileGrainStorageMemoryTests : IDisposable
{
    private readonly FileStores _stores = new();

    [Fact]
    public async Task Nothing_is_kept_per_grain_once_its_writes_are_done()
    {
        var storage = new FileGrainStorage(_stores.Directory);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var id = new GrainId("Session", $"http:u{i}:u{i}");
            var etag = await storage.WriteAsync(id, Data("first"), null, CancellationToken.None);
            etag = await storage.WriteAsync(id, Data("second"), etag, CancellationToken.None);
            if (i % 2 == 0)
            {
                await storage.ClearAsync(id, etag, CancellationToken.None);
            }
        }));

        Assert.Equal(0, storage.LockedKeys);
    }

    [Fact]
    public async Task A_new_store_on_the_same_directory_fences_with_the_etag_on_disk()
    {
        var id = new GrainId("Session", "http:alice:alice");
        var first = new FileGrainStorage(_stores.Directory);
        var stale = await first.WriteAsync(id, Data("v1"), null, CancellationToken.None);
        var current = await first.WriteAsync(id, Data("v2"), stale, CancellationToken.None);
        var second = new FileGrainStorage(_stores.Directory);

        await Assert.ThrowsAsync<InconsistentStateException>(() => second.WriteAsync(id, Data("lost"), stale, CancellationToken.None));
        await Assert.ThrowsAsync<InconsistentStateException>(() => second.WriteAsync(id, Data("lost"), null, CancellationToken.None));
        await second.WriteAsync(id, Data("v3"), current, CancellationToken.None);

        Assert.Equal("v3", Encoding.UTF8.GetString((await first.ReadAsync(id, CancellationToken.None))!.Data.Span));
    }

    [Fact]
    public async Task A_write_after_the_file_was_removed_behind_the_store_sees_no_record()
    {
        var id = new GrainId("Session", "http:alice:alice");
        var storage = new FileGrainStorage(_stores.Directory);
        var etag = await storage.WriteAsync(id, Data("v1"), null, CancellationToken.None);
        File.Delete(storage.PathOf(id));

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(id, Data("v2"), etag, CancellationToken.None));
        await storage.WriteAsync(id, Data("v2"), null, CancellationToken.None);
    }

    public void Dispose() => _stores.Dispose();

    private static ReadOnlyMemory<byte> Data(string text) => Encoding.UTF8.GetBytes(text);
}
