using System.Text;
using MyBot.Runtime;
using MyBot.Runtime.Storage;
using Xunit;

namespace MyBot.TestKit.Contracts;

/// <summary>What every <see cref="IGrainStorage"/> must do; each implementation's tests derive from this.</summary>
public abstract class GrainStorageContractTests
{
    protected abstract Task<IGrainStorage> CreateStorageAsync();

    [Fact]
    public async Task Missing_record_reads_as_null()
    {
        var storage = await CreateStorageAsync();
        Assert.Null(await storage.ReadAsync(NewId(), CancellationToken.None));
    }

    [Fact]
    public async Task Create_then_read_round_trips_data_and_etag()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();
        var etag = await storage.WriteAsync(id, Bytes("{\"a\":1}"), null, CancellationToken.None);
        var record = await storage.ReadAsync(id, CancellationToken.None);
        Assert.NotNull(record);
        Assert.Equal(etag, record.ETag);
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(record.Data.Span));
    }

    [Fact]
    public async Task Create_only_fails_when_the_record_exists()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();
        await storage.WriteAsync(id, Bytes("1"), null, CancellationToken.None);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(id, Bytes("2"), null, CancellationToken.None));
    }

    [Fact]
    public async Task Write_with_stale_etag_fails_and_keeps_the_newer_data()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();
        var first = await storage.WriteAsync(id, Bytes("1"), null, CancellationToken.None);
        var second = await storage.WriteAsync(id, Bytes("2"), first, CancellationToken.None);
        Assert.NotEqual(first, second);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(id, Bytes("3"), first, CancellationToken.None));
        var record = await storage.ReadAsync(id, CancellationToken.None);
        Assert.Equal("2", Encoding.UTF8.GetString(record!.Data.Span));
    }

    [Fact]
    public async Task Write_with_etag_fails_when_the_record_is_gone()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();
        var etag = await storage.WriteAsync(id, Bytes("1"), null, CancellationToken.None);
        await storage.ClearAsync(id, etag, CancellationToken.None);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(id, Bytes("2"), etag, CancellationToken.None));
    }

    [Fact]
    public async Task Clear_with_stale_etag_fails()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();
        var first = await storage.WriteAsync(id, Bytes("1"), null, CancellationToken.None);
        await storage.WriteAsync(id, Bytes("2"), first, CancellationToken.None);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(id, first, CancellationToken.None));
    }

    [Fact]
    public async Task Clear_removes_the_record_and_allows_create_again()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();
        var etag = await storage.WriteAsync(id, Bytes("1"), null, CancellationToken.None);
        await storage.ClearAsync(id, etag, CancellationToken.None);
        Assert.Null(await storage.ReadAsync(id, CancellationToken.None));
        await storage.WriteAsync(id, Bytes("again"), null, CancellationToken.None);
    }

    [Fact]
    public async Task Keys_that_differ_only_in_special_characters_do_not_collide()
    {
        var storage = await CreateStorageAsync();
        string[] keys = ["telegram:1:2", "telegram:1~3A2", "telegram/1/2", "Telegram:1:2", "telegram:1:2 ", new string('x', 400), new string('x', 399) + "y", "ünïcødé:ключ"];
        foreach (var key in keys)
        {
            await storage.WriteAsync(new GrainId("contract", key), Bytes(key), null, CancellationToken.None);
        }

        foreach (var key in keys)
        {
            var record = await storage.ReadAsync(new GrainId("contract", key), CancellationToken.None);
            Assert.Equal(key, Encoding.UTF8.GetString(record!.Data.Span));
        }
    }

    [Fact]
    public async Task Quarantine_moves_the_record_aside()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();
        await storage.WriteAsync(id, Bytes("garbage"), null, CancellationToken.None);
        var location = await storage.QuarantineAsync(id, "test", CancellationToken.None);
        Assert.False(string.IsNullOrEmpty(location));
        Assert.Null(await storage.ReadAsync(id, CancellationToken.None));
        await storage.WriteAsync(id, Bytes("fresh"), null, CancellationToken.None);
    }

    [Fact]
    public async Task Concurrent_writers_with_the_same_etag_only_one_wins()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();
        var etag = await storage.WriteAsync(id, Bytes("0"), null, CancellationToken.None);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await storage.WriteAsync(id, Bytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), etag, CancellationToken.None);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));
        Assert.Equal(1, results.Count(r => r));
    }

    protected static GrainId NewId() => new("contract", "k-" + Guid.NewGuid().ToString("N"));

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
