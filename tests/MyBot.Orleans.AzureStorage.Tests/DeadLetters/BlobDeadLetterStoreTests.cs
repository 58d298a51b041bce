using MyBot.Grains;
using MyBot.Orleans.AzureStorage.DeadLetters;
using MyBot.Orleans.AzureStorage.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MyBot.TestKit.Azure;

namespace MyBot.Orleans.AzureStorage.Tests.DeadLetters;

/// <summary>The same cases as the file dead-letter store's tests.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobDeadLetterStoreTests(AzuriteServer azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private readonly AzureTestAccount _account = new(azurite);

    [Fact]
    public async Task Adding_the_same_id_twice_keeps_the_first()
    {
        var store = NewStore();
        await store.AddAsync(Letter("inbound/1/7", Noon, "first"), CancellationToken.None);
        await store.AddAsync(Letter("inbound/1/7", Noon.AddMinutes(1), "second"), CancellationToken.None);

        var letter = Assert.Single(await store.ListAsync(CancellationToken.None));
        Assert.Equal("first", letter.Error);
    }

    [Fact]
    public async Task Letters_list_oldest_first_and_survive_a_new_store()
    {
        var store = NewStore();
        await store.AddAsync(Letter("b", Noon.AddMinutes(2), "late"), CancellationToken.None);
        await store.AddAsync(Letter("a", Noon, "early"), CancellationToken.None);
        await store.AddAsync(Letter("c", Noon.AddMinutes(1), "middle"), CancellationToken.None);

        var listed = await NewStore().ListAsync(CancellationToken.None);
        Assert.Equal(["early", "middle", "late"], listed.Select(l => l.Error));
    }

    [Fact]
    public async Task Get_and_delete_find_a_letter_by_its_id()
    {
        var store = NewStore();
        var letter = Letter("delivery/telegram:1:2/out-1", Noon, "blocked");
        await store.AddAsync(letter, CancellationToken.None);

        Assert.Equal(letter, await store.GetAsync(letter.Id, CancellationToken.None));
        await store.DeleteAsync(letter.Id, CancellationToken.None);
        Assert.Null(await store.GetAsync(letter.Id, CancellationToken.None));
        Assert.Empty(await store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public void AddAzureStorage_registers_the_blob_store_as_the_dead_letter_store()
    {
        Assert.IsType<BlobDeadLetterStore>(_account.CreateSiloServices().GetRequiredService<IDeadLetterStore>());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _account.DisposeAsync().AsTask();

    private BlobDeadLetterStore NewStore() => new(_account.CreateSiloServices().GetRequiredService<AzureStorageClients>());

    private static DeadLetter Letter(string id, DateTimeOffset failedAt, string error) =>
        new(id, "inbound", "telegram:1:2", "{\"text\":\"hi\"}", error, 5, failedAt);
}
