using Microsoft.Extensions.Time.Testing;
using MyBot.Grains.Tests.Support;

namespace MyBot.Grains.Tests.Usage;

public sealed class UsageGrainTests : IDisposable
{
    private readonly GrainsTestSetup _setup = new() { Time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 5, 9, 0, 0, TimeSpan.Zero)) };

    [Fact]
    public async Task A_record_sent_twice_counts_once_and_survives_a_restart()
    {
        await using (var cluster = await GrainsTestCluster.StartAsync(_setup))
        {
            var usage = cluster.Grains.GetGrain<IUsageGrain>("test:u1");
            await usage.RecordAsync(new UsageRecord("run-a:0", "gpt-test", 100, 20));
            await usage.RecordAsync(new UsageRecord("run-a:0", "gpt-test", 100, 20));
            await usage.RecordAsync(new UsageRecord("run-a:1", "gpt-test", 10, 2));

            Assert.Equal(132, (await usage.GetReportAsync()).TodayTokens);
        }

        await using var restarted = await GrainsTestCluster.StartAsync(_setup);
        var reloaded = restarted.Grains.GetGrain<IUsageGrain>("test:u1");
        await reloaded.RecordAsync(new UsageRecord("run-a:0", "gpt-test", 100, 20));

        Assert.Equal(132, (await reloaded.GetReportAsync()).TodayTokens);
        _setup.Time!.Advance(TimeSpan.FromDays(1));
        var tomorrow = await reloaded.GetReportAsync();
        Assert.Equal((0, 132), (tomorrow.TodayTokens, tomorrow.MonthTokens));
    }

    [Fact]
    public async Task Facts_are_remembered_once_listed_and_forgotten_by_id_or_text()
    {
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var memory = cluster.Grains.GetGrain<IUserMemoryGrain>("test:u1");

        var first = await memory.RememberAsync("Likes green tea.");
        Assert.Equal(first, await memory.RememberAsync("likes green tea."));
        await memory.RememberAsync("Lives in Lyon.");
        await cluster.Cluster.DeactivateAsync(memory);

        Assert.Equal(["Likes green tea.", "Lives in Lyon."], (await memory.ListAsync()).Select(f => f.Text));
        Assert.Equal([first], await memory.ForgetAsync(first.Id));
        Assert.Equal(["Lives in Lyon."], (await memory.ForgetAsync("lyon")).Select(f => f.Text));
        Assert.Empty(await memory.ListAsync());
    }

    public void Dispose() => _setup.Dispose();
}
