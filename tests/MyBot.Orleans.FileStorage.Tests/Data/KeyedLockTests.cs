using MyBot.Orleans.FileStorage.Data;

namespace MyBot.Orleans.FileStorage.Tests.Data;

public sealed class KeyedLockTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_second_holder_of_a_key_waits_for_the_first_and_other_keys_do_not()
    {
        var locks = new KeyedLock<string>();
        var first = await locks.EnterAsync("a", CancellationToken.None);

        var second = locks.EnterAsync("a", CancellationToken.None);
        using (await locks.EnterAsync("b", CancellationToken.None).WaitAsync(Bound))
        {
            Assert.False(second.IsCompleted);
        }

        first.Dispose();
        (await second.WaitAsync(Bound)).Dispose();
        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_no_entry_behind()
    {
        var locks = new KeyedLock<string>();
        var holder = await locks.EnterAsync("a", CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiter = locks.EnterAsync("a", cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter.WaitAsync(Bound));
        Assert.Equal(1, locks.Count);
        holder.Dispose();

        Assert.Equal(0, locks.Count);
    }
}
