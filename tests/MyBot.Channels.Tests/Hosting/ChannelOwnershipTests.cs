using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MyBot.Channels.Hosting;
using MyBot.TestKit;
using MyBot.TestKit.Orleans;
using MyBot.TestKit.Time;

namespace MyBot.Channels.Tests.Hosting;

public sealed class ChannelOwnershipTests
{
    private const string Loop = "telegram-poller";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The test clock moves one renewal at a time while the renewal loop waits for it (<see cref="RenewalArmed"/>); a
    /// renewal of 3 s tells its timer apart from Orleans' own on the same clock, which is never due more than 1 s ahead.
    /// </summary>
    private static readonly ChannelOwnershipOptions Settings = new() { LeaseDuration = TimeSpan.FromSeconds(20), RenewInterval = TimeSpan.FromSeconds(3) };
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task The_grain_grants_one_holder_at_a_time_and_a_holder_that_stops_renewing_loses_it_after_the_lease()
    {
        await using var cluster = await GrainTestCluster.StartAsync(time: _time);
        var owner = cluster.Grains.GetGrain<IChannelOwnerGrain>(Loop);

        Assert.True(await owner.TryAcquireAsync("silo-a", Settings.LeaseDuration));
        Assert.False(await owner.TryAcquireAsync("silo-b", Settings.LeaseDuration));
        _time.Advance(Settings.LeaseDuration - TimeSpan.FromSeconds(1));
        Assert.False(await owner.TryAcquireAsync("silo-b", Settings.LeaseDuration));
        Assert.Equal("silo-a", await owner.GetOwnerAsync());

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(await owner.GetOwnerAsync());
        Assert.True(await owner.TryAcquireAsync("silo-b", Settings.LeaseDuration));
        Assert.False(await owner.TryAcquireAsync("silo-a", Settings.LeaseDuration));
        Assert.Equal("silo-b", await owner.GetOwnerAsync());
    }

    [Fact]
    public async Task A_reactivated_grain_gives_the_stored_holder_one_lease_to_renew()
    {
        await using var cluster = await GrainTestCluster.StartAsync(time: _time);
        var owner = cluster.Grains.GetGrain<IChannelOwnerGrain>(Loop);
        Assert.True(await owner.TryAcquireAsync("silo-a", Settings.LeaseDuration));
        _time.Advance(Settings.LeaseDuration - TimeSpan.FromSeconds(1));

        await cluster.Cluster.DeactivateAsync(owner);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(await owner.TryAcquireAsync("silo-b", Settings.LeaseDuration));
        _time.Advance(Settings.LeaseDuration - TimeSpan.FromSeconds(1));
        Assert.Equal("silo-a", await owner.GetOwnerAsync());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await owner.TryAcquireAsync("silo-b", Settings.LeaseDuration));
    }

    [Fact]
    public async Task A_holder_whose_silo_the_cluster_declared_dead_loses_the_loop_before_its_lease_runs_out()
    {
        await using var cluster = await GrainTestCluster.StartAsync(silos: 2);
        var survivor = cluster.Cluster.Silos[0];
        var doomed = cluster.Cluster.Silos[1];
        var owner = cluster.Grains.GetGrain<IChannelOwnerGrain>(Loop);
        var lease = TimeSpan.FromHours(1);
        Assert.True(await owner.TryAcquireAsync("silo-a", lease, doomed.SiloAddress));
        Assert.False(await owner.TryAcquireAsync("silo-b", lease, survivor.SiloAddress));

        await cluster.Cluster.KillSiloAsync(doomed);
        var membership = survivor.ServiceProvider.GetRequiredService<IClusterMembershipService>();
        await Eventually.WaitUntilAsync(() => membership.CurrentSnapshot.GetSiloStatus(doomed.SiloAddress) == SiloStatus.Dead, Bound, "the silo to be declared dead");

        // The cluster client learns of the death after the survivor does, and a call it still sends towards the dead
        // silo is never answered (it would wait out the 30 s response timeout): such a call is asked again. An answer,
        // true or false, is the grain's.
        var answer = await Eventually.WaitForAsync(
            async () =>
            {
                try
                {
                    return Tuple.Create(await owner.TryAcquireAsync("silo-b", lease, survivor.SiloAddress).WaitAsync(TimeSpan.FromSeconds(5)));
                }
                catch (Exception exception) when (exception is TimeoutException or SiloUnavailableException)
                {
                    return null;
                }
            },
            Bound,
            "the owner grain to answer after the death");
        Assert.True(answer.Item1);
        Assert.Equal("silo-b", await owner.GetOwnerAsync());
    }

    [Fact]
    public async Task A_renewing_holder_keeps_the_lease_for_many_leases_and_a_release_hands_it_over_at_once()
    {
        await using var cluster = await GrainTestCluster.StartAsync(time: _time);
        var first = Provider(cluster.Grains);
        var second = Provider(cluster.Grains);

        var lease = await first.TryAcquireAsync(Loop, CancellationToken.None);
        Assert.NotNull(lease);
        await AdvanceUntilAsync(_time.GetUtcNow() + (Settings.LeaseDuration * 2));

        Assert.False(lease.Lost.IsCancellationRequested);
        Assert.Null(await second.TryAcquireAsync(Loop, CancellationToken.None));
        Assert.Equal(first.OwnerId, await cluster.Grains.GetGrain<IChannelOwnerGrain>(Loop).GetOwnerAsync());

        await lease.DisposeAsync();

        await using var taken = await second.TryAcquireAsync(Loop, CancellationToken.None);
        Assert.NotNull(taken);
        Assert.Equal(second.OwnerId, await cluster.Grains.GetGrain<IChannelOwnerGrain>(Loop).GetOwnerAsync());
    }

    [Fact]
    public async Task A_refused_renewal_fires_lost_at_once()
    {
        await using var cluster = await GrainTestCluster.StartAsync(time: _time);
        var provider = Provider(cluster.Grains);
        await using var lease = await provider.TryAcquireAsync(Loop, CancellationToken.None);
        var owner = cluster.Grains.GetGrain<IChannelOwnerGrain>(Loop);

        await owner.ReleaseAsync(provider.OwnerId);
        Assert.True(await owner.TryAcquireAsync("someone-else", Settings.LeaseDuration));
        _time.Advance(Settings.RenewInterval);

        await Eventually.WaitUntilAsync(() => lease!.Lost.IsCancellationRequested, Bound, "the lease to be lost");
        Assert.Equal("someone-else", await owner.GetOwnerAsync());
    }

    [Fact]
    public async Task Renewals_that_keep_failing_fire_lost_within_the_lease_and_not_before_they_fail()
    {
        var calls = new FailingOwnerCalls();
        await using var cluster = await GrainTestCluster.StartAsync(time: _time, configureSilo: silo => silo.Services.AddSingleton<IIncomingGrainCallFilter>(calls));
        var grantedAt = _time.GetUtcNow();
        await using var lease = await Provider(cluster.Grains).TryAcquireAsync(Loop, CancellationToken.None);
        DateTimeOffset? lostAt = null;
        lease!.Lost.Register(() => lostAt = _time.GetUtcNow());
        await AdvanceUntilAsync(grantedAt + Settings.LeaseDuration);
        await Eventually.WaitUntilAsync(RenewalArmed, Bound, "the renewal at this time to be done");
        Assert.Null(lostAt);

        calls.Failing = true;
        var failingFrom = _time.GetUtcNow();
        await Eventually.WaitUntilAsync(
            () =>
            {
                if (lostAt is null && RenewalArmed())
                {
                    _time.Advance(Settings.RenewInterval);
                }

                return lostAt is not null;
            },
            Bound,
            "the lease to be lost");

        // Renewed last at failingFrom, the holder gives up at the last renewal before the lease runs out.
        Assert.InRange(lostAt!.Value - failingFrom, Settings.LeaseDuration - Settings.RenewInterval, Settings.LeaseDuration);
    }

    [Fact]
    public async Task The_owner_moves_to_the_other_silo_when_the_holders_silo_stops_without_handing_it_over()
    {
        await using var cluster = await GrainTestCluster.StartAsync(silos: 2, time: _time);
        var owner = cluster.Grains.GetGrain<IChannelOwnerGrain>(Loop);
        await owner.GetOwnerAsync();
        Assert.True(cluster.Cluster.TryGetGrainContext(owner.GetGrainId(), out var activation));
        var holderSilo = cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(activation.Address.SiloAddress));
        var otherSilo = cluster.Cluster.Silos.Single(s => s != holderSilo);
        var holder = Provider(holderSilo.ServiceProvider.GetRequiredService<IGrainFactory>());
        var successor = Provider(otherSilo.ServiceProvider.GetRequiredService<IGrainFactory>());
        var lease = await holder.TryAcquireAsync(Loop, CancellationToken.None);
        Assert.NotNull(lease);

        await cluster.Cluster.StopSiloAsync(holderSilo);
        var stoppedAt = _time.GetUtcNow();

        Assert.Null(await successor.TryAcquireAsync(Loop, CancellationToken.None));
        ISingletonLease? taken = null;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                taken = await successor.TryAcquireAsync(Loop, CancellationToken.None);
                return taken is not null;
            },
            Bound,
            "the other silo to take the loop over");

        await using (taken)
        {
            Assert.True(_time.GetUtcNow() - stoppedAt >= Settings.LeaseDuration);
            Assert.Equal(successor.OwnerId, await owner.GetOwnerAsync());
            await Eventually.WaitUntilAsync(() => lease.Lost.IsCancellationRequested, Bound, "the stopped silo's lease to be lost");
        }

        await lease.DisposeAsync();
    }

    [Fact]
    public void AddChannelOwnership_refuses_at_start_a_renewal_that_leaves_no_room_for_one_failure()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MyBot:Channels:Ownership:LeaseDuration"] = "00:00:10",
            ["MyBot:Channels:Ownership:RenewInterval"] = "00:00:06",
        }).Build();
        using var services = new ServiceCollection().AddChannelOwnership(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ChannelOwnershipOptions>>().Value);

        Assert.Contains("MyBot:Channels:Ownership:RenewInterval", error.Message, StringComparison.Ordinal);
    }

    private GrainSingletonLeaseProvider Provider(IGrainFactory grains) =>
        new(grains, _time, Options.Create(Settings), NullLogger<GrainSingletonLeaseProvider>.Instance);

    /// <summary>
    /// Moves the clock one renewal at a time, each time only once the renewal loop waits for it: a loop slowed down by
    /// a loaded machine is never overtaken by the clock, so a lease is never lost to the test's own pace.
    /// </summary>
    private Task AdvanceUntilAsync(DateTimeOffset end) =>
        Eventually.WaitUntilAsync(
            () =>
            {
                if (RenewalArmed())
                {
                    _time.Advance(Settings.RenewInterval);
                }

                return _time.GetUtcNow() >= end;
            },
            Bound,
            $"the clock to reach {end:O}");

    /// <summary>The one renewal loop waits for its next renewal (by its timer's due time, not a count that Orleans' timer moves).</summary>
    private bool RenewalArmed() => _time.TimersDueAt(_time.GetUtcNow() + Settings.RenewInterval) == 1;

    /// <summary>Fails every <see cref="IChannelOwnerGrain"/> call while <see cref="Failing"/> is set, as an unreachable cluster would.</summary>
    private sealed class FailingOwnerCalls : IIncomingGrainCallFilter
    {
        public bool Failing { get; set; }

        public Task Invoke(IIncomingGrainCallContext context) =>
            Failing && context.InterfaceMethod?.DeclaringType == typeof(IChannelOwnerGrain)
                ? throw new TimeoutException("Injected: the owner grain did not answer.")
                : context.Invoke();
    }
}
