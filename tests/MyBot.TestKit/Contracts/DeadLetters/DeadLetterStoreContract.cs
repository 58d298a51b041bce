using Xunit;

namespace MyBot.TestKit.Contracts.DeadLetters;

/// <summary>
/// What the app needs from a durable <see cref="IDeadLetterStore"/>: a letter added twice under one id is kept once
/// (the first), letters list oldest first and outlive the store instance, and one is found and deleted by its id.
/// Each store's tests derive from this.
/// </summary>
public abstract class DeadLetterStoreContract
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A store on this test's storage; each call is a new instance over the same stored letters, as after a restart.</summary>
    protected abstract IDeadLetterStore NewStore();

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

    private static DeadLetter Letter(string id, DateTimeOffset failedAt, string error) =>
        new(id, "inbound", "telegram:1:2", "{\"text\":\"hi\"}", error, 5, failedAt);
}
