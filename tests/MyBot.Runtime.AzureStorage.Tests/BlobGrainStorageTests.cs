using System.Text;
using MyBot.Runtime.Storage;
using MyBot.TestKit.Azure;

namespace MyBot.Runtime.AzureStorage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class BlobGrainStorageTests(AzuriteServer azurite) : IDisposable
{
    private readonly AzureStorageAccount _account = TestAccounts.Create(azurite);

    private BlobGrainStorage Storage => new(_account, TimeProvider.System);

    [Fact]
    public async Task Create_only_then_if_match_and_stale_writers_are_fenced()
    {
        var id = new GrainId("session", "telegram:1:2");
        var first = await Storage.WriteAsync(id, "v1"u8.ToArray(), null, default);
        var second = await Storage.WriteAsync(id, "v2"u8.ToArray(), first, default);

        var stale = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(id, "v3"u8.ToArray(), first, default));
        var recreate = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(id, "v3"u8.ToArray(), null, default));
        var record = await Storage.ReadAsync(id, default);

        Assert.NotNull(record);
        Assert.Equal("v2", Encoding.UTF8.GetString(record.Data.Span));
        Assert.Equal(second, record.ETag);
        Assert.Equal(first, stale.StoredEtag);
    }

    [Fact]
    public async Task Clear_is_conditional()
    {
        var id = new GrainId("delivery", "discord:9");
        var first = await Storage.WriteAsync(id, "v1"u8.ToArray(), null, default);
        var second = await Storage.WriteAsync(id, "v2"u8.ToArray(), first, default);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync(id, first, default));
        await Storage.ClearAsync(id, second, default);

        Assert.Null(await Storage.ReadAsync(id, default));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync(id, second, default));
    }

    [Theory]
    [InlineData("a/b", "a~2Fb")]
    [InlineData("a.b", "a~2Eb")]
    [InlineData("a~2Eb", "a~7E2Eb")]
    [InlineData("", "~")]
    [InlineData("..", "~2E~2E")]
    public void Names_are_escaped_injectively(string key, string escaped) => Assert.Equal(escaped, StorageNames.Escape(key));

    [Fact]
    public async Task Keys_that_differ_only_in_escaping_or_case_or_length_get_their_own_blob()
    {
        var longKey = new string('x', 2000);
        string[] keys = ["telegram:1:2", "telegram%3A1%3A2", "Telegram:1:2", "a/b", "a~2Fb", "ünïcødé 🙂", "", " ", "..", "?#&=+", longKey, longKey + "y"];
        foreach (var key in keys)
        {
            await Storage.WriteAsync(new GrainId("session", key), Encoding.UTF8.GetBytes(key), null, default);
        }

        foreach (var key in keys)
        {
            var record = await Storage.ReadAsync(new GrainId("session", key), default);
            Assert.Equal(key, Encoding.UTF8.GetString(Assert.IsType<GrainStateRecord>(record).Data.Span));
        }
    }

    [Fact]
    public async Task Quarantine_moves_the_record_aside()
    {
        var id = new GrainId("session", "broken");
        await Storage.WriteAsync(id, "{not json"u8.ToArray(), null, default);

        var where = await Storage.QuarantineAsync(id, "JsonException: unexpected end", default);

        Assert.Null(await Storage.ReadAsync(id, default));
        var blob = where[(_account.Container.Name.Length + 1)..];
        var copy = await _account.Container.GetAsync(blob, default);
        Assert.NotNull(copy);
        Assert.Equal("{not json", Encoding.UTF8.GetString(copy.Content));
        Assert.Equal("JsonException: unexpected end", copy.Metadata["reason"]);
    }

    public void Dispose() => _account.Dispose();
}
