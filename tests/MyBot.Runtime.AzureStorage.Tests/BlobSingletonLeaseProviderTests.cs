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

    public void Dispose() => _account.Dispose();
}
