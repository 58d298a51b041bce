using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MyBot.Runtime.Hosting;
using MyBot.TestKit;
using MyBot.TestKit.Grains;

namespace MyBot.Runtime.Tests.Grains;

public sealed class GrainRuntimeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static Task<TestSilo> StartAsync(SharedStores? stores = null, ConcurrencyProbe? probe = null, TestKit.Time.FakeTimeProvider? time = null) =>
        TestSilo.StartAsync(
            s =>
            {
                s.AddGrain<ICounterGrain, CounterGrain>();
                s.AddSingleton(probe ?? new ConcurrencyProbe());
            },
            stores,
            time);

    [Fact]
    public async Task State_is_written_and_survives_a_new_silo()
    {
        SharedStores stores;
        await using (var silo = await StartAsync())
        {
            stores = silo.Stores;
            var grain = silo.GrainFactory.GetGrain<ICounterGrain>("a");
            await grain.IncrementAsync();
            Assert.Equal(2, await grain.IncrementAsync());
        }

        await using var restarted = await StartAsync(stores);
        Assert.Equal(2, await restarted.GrainFactory.GetGrain<ICounterGrain>("a").GetAsync());
    }

    [Fact]
    public async Task Calls_to_one_key_never_overlap_while_other_keys_run_in_parallel()
    {
        var probe = new ConcurrencyProbe();
        await using var silo = await StartAsync(probe: probe);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sameKey = Enumerable.Range(0, 5).Select(_ => silo.GrainFactory.GetGrain<ICounterGrain>("same").SlowIncrementAsync(gate)).ToList();
        var otherKeys = Enumerable.Range(0, 5).Select(i => silo.GrainFactory.GetGrain<ICounterGrain>($"other{i}").SlowIncrementAsync(gate)).ToList();
        await Eventually.WaitUntilAsync(() => probe.MaxOverall >= 6, Bound, "the five other keys and one call of the same key to be running at once");
        gate.SetResult();
        await Task.WhenAll(sameKey.Concat(otherKeys));
        Assert.Equal(1, probe.MaxFor("same"));
        Assert.Equal(6, probe.MaxOverall);
        Assert.Equal(5, await silo.GrainFactory.GetGrain<ICounterGrain>("same").GetAsync());
    }

    [Fact]
    public async Task A_conflicting_write_throws_and_the_next_call_rereads_the_state()
    {
        await using var silo = await StartAsync();
        var grain = silo.GrainFactory.GetGrain<ICounterGrain>("c");
        await grain.IncrementAsync();
        silo.Stores.Grains.SetRaw(new GrainId("CounterGrain.counter", "c"), Encoding.UTF8.GetBytes("{\"count\":41}"));
        await Assert.ThrowsAsync<InconsistentStateException>(grain.IncrementAsync);
        Assert.Equal(42, await grain.IncrementAsync());
    }

    [Fact]
    public async Task Idle_activations_are_deactivated_and_reactivate_transparently()
    {
        await using var silo = await StartAsync();
        var catalog = silo.Services.GetRequiredService<GrainCatalog>();
        await silo.GrainFactory.GetGrain<ICounterGrain>("idle").IncrementAsync();
        Assert.Equal(1, catalog.Count);
        silo.Time.Advance(TimeSpan.FromMinutes(16));
        await Eventually.WaitUntilAsync(() => catalog.Count == 0, Bound, "the idle activation to be collected");
        Assert.Equal(2, await silo.GrainFactory.GetGrain<ICounterGrain>("idle").IncrementAsync());
    }

    [Fact]
    public async Task Corrupt_state_is_quarantined_and_the_grain_starts_afresh()
    {
        await using var silo = await StartAsync();
        var id = new GrainId("CounterGrain.counter", "broken");
        silo.Stores.Grains.SetRaw(id, Encoding.UTF8.GetBytes("{not json"));
        Assert.Equal(1, await silo.GrainFactory.GetGrain<ICounterGrain>("broken").IncrementAsync());
        Assert.True(silo.Stores.Grains.Quarantined.ContainsKey(id));
        Assert.Equal(1, await silo.GrainFactory.GetGrain<ICounterGrain>("fine").IncrementAsync());
    }

    [Fact]
    public async Task Reminders_fire_when_due_and_survive_a_restart()
    {
        var time = new TestKit.Time.FakeTimeProvider();
        SharedStores stores;
        var due = time.GetUtcNow().AddMinutes(5);
        await using (var silo = await StartAsync(time: time))
        {
            stores = silo.Stores;
            await silo.GrainFactory.GetGrain<ICounterGrain>("r").ScheduleAsync(due);
        }

        await using var restarted = await StartAsync(stores, time: time);
        var grain = restarted.GrainFactory.GetGrain<ICounterGrain>("r");
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Empty(await grain.FiredAsync());
        time.Advance(TimeSpan.FromMinutes(2));
        await Eventually.WaitUntilAsync(async () => (await grain.FiredAsync()).Count == 1, Bound, "the reminder to fire");
        await Eventually.WaitUntilAsync(async () => (await stores.Reminders.ReadPartitionAsync(StableHash.Partition("r", 8), CancellationToken.None)).Count == 0, Bound, "the fired reminder to be deleted");
        Assert.Equal([due], await grain.FiredAsync());
    }
}
