using Microsoft.Extensions.Logging.Abstractions;
using MyBot.TestKit;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Time;

namespace MyBot.Runtime.AzureStorage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class BlobSingletonLeaseProviderTests(AzuriteServer azurite) : IDisposable
{
    private readonly AzureStorageAccount _account = TestAccounts.Create(azurite);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private BlobSingletonLeaseProvider Provider() => new(_account, _time, NullLogger<BlobSingletonLeaseProvider>.Instance);

    [Fact]
    public async Task One_holder_at_a_time_and_released_on_dispose()
    {
        var first = await Provider().TryAcquireAsync("telegram-poller", default);
        Assert.NotNull(first);

        Assert.Null(await Provider().TryAcquireAsync("telegram-poller", default));
        var other = await Provider().TryAcquireAsync("discord-gateway", default);
        Assert.NotNull(other);

        await first.DisposeAsync();
        await using var second = await Provider().TryAcquireAsync("telegram-poller", default);
        Assert.NotNull(second);
        Assert.False(second.Lost.IsCancellationRequested);
        await other.DisposeAsync();
    }

    [Fact]
    public async Task Losing_the_lease_fires_the_lost_token_at_the_next_renewal()
    {
        await using var lease = await Provider().TryAcquireAsync("gateway", default);
        Assert.NotNull(lease);
        await _account.Container.BreakLeaseAsync(_account.Names.Singleton("gateway"), TimeSpan.Zero, default);

        await Eventually.WaitUntilAsync(() => _time.ActiveTimerCount > 0, TimeSpan.FromSeconds(10), "the renewal timer");
        _time.Advance(_account.Options.RenewInterval);

        await Eventually.WaitUntilAsync(() => lease.Lost.IsCancellationRequested, TimeSpan.FromSeconds(10), "the lost token");
    }

    [Fact]
    public async Task A_dead_holders_singleton_is_taken_over_once_its_lease_lapses_and_the_old_holder_learns_it_lost_it()
    {
        // The shortest lease Azure allows, so the test waits about 15 s of Azurite's real clock rather than a minute.
        using var account = TestAccounts.Create(azurite, options => options.LeaseDuration = TimeSpan.FromSeconds(15));
        var deadClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var holder = await new BlobSingletonLeaseProvider(account, deadClock, NullLogger<BlobSingletonLeaseProvider>.Instance).TryAcquireAsync("telegram-poller", default);
        Assert.NotNull(holder);
        var survivor = new BlobSingletonLeaseProvider(account, _time, NullLogger<BlobSingletonLeaseProvider>.Instance);

        // The holder's process is gone: nothing renews its lease and nothing releases it. Until the lease lapses the
        // survivor keeps being refused, then it gets the singleton.
        Assert.Null(await survivor.TryAcquireAsync("telegram-poller", default));
        var takenOver = await Eventually.WaitForAsync(
            () => survivor.TryAcquireAsync("telegram-poller", default),
            TimeSpan.FromSeconds(45),
            "the dead holder's lease to lapse and the survivor to take the singleton");
        Assert.False(takenOver.Lost.IsCancellationRequested);

        // A holder that was only frozen, not dead, finds out at its next renewal and stops.
        await Eventually.WaitUntilAsync(() => deadClock.ActiveTimerCount > 0, TimeSpan.FromSeconds(10), "the old holder's renewal timer");
        deadClock.Advance(account.Options.RenewInterval);
        await Eventually.WaitUntilAsync(() => holder.Lost.IsCancellationRequested, TimeSpan.FromSeconds(10), "the old holder to learn it lost the lease");
        Assert.False(takenOver.Lost.IsCancellationRequested);
        await takenOver.DisposeAsync();
        await holder.DisposeAsync();
    }

    public void Dispose() => _account.Dispose();
}
