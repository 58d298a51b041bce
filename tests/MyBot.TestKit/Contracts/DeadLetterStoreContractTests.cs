using MyBot.Runtime.Storage;
using Xunit;

namespace MyBot.TestKit.Contracts;

public abstract class DeadLetterStoreContractTests
{
    protected abstract Task<IDeadLetterStore> CreateStoreAsync();

    [Fact]
    public async Task Added_letters_are_listed_got_and_deleted()
    {
        var store = await CreateStoreAsync();
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var first = new DeadLetter("inbound:0:1", "inbound", "telegram:1:2", "{\"text\":\"hi\"}", "boom", 5, at);
        var second = new DeadLetter("delivery/telegram:1:2#out0", "delivery", "telegram:1:2", "{}", "403 blocked", 1, at.AddMinutes(1));
        await store.AddAsync(first, CancellationToken.None);
        await store.AddAsync(second, CancellationToken.None);
        Assert.Equal([first, second], await store.ListAsync(CancellationToken.None));
        Assert.Equal(second, await store.GetAsync(second.Id, CancellationToken.None));
        await store.DeleteAsync(first.Id, CancellationToken.None);
        Assert.Equal([second], await store.ListAsync(CancellationToken.None));
        Assert.Null(await store.GetAsync(first.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Adding_the_same_id_twice_keeps_one()
    {
        var store = await CreateStoreAsync();
        var letter = new DeadLetter("x:1", "inbound", "k", "p", "e", 1, DateTimeOffset.UnixEpoch);
        await store.AddAsync(letter, CancellationToken.None);
        await store.AddAsync(letter with { Error = "again" }, CancellationToken.None);
        Assert.Single(await store.ListAsync(CancellationToken.None));
    }
}
