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
    public async Task The_directory_lists_users_with_usage_and_their_days_newest_first_until_they_are_older_than_last_month()
    {
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var ann = cluster.Grains.GetGrain<IUsageGrain>("test:ann");
        await ann.RecordAsync(new UsageRecord("a:0", "gpt-test", 100, 20));
        _setup.Time!.Advance(TimeSpan.FromDays(1));
        await ann.RecordAsync(new UsageRecord("a:1", "gpt-test", 1, 2));
        await ann.RecordAsync(new UsageRecord("a:2", "other", 3, 4));
        await cluster.Grains.GetGrain<IUsageGrain>("test:bob").RecordAsync(new UsageRecord("b:0", "gpt-test", 5, 5));
        await cluster.Cluster.DeactivateAsync(cluster.Grains.GetUsageDirectoryShard("test:ann"));
        await cluster.Cluster.DeactivateAsync(cluster.Grains.GetUsageDirectoryShard("test:bob"));

        Assert.Equal(["test:ann", "test:bob"], await cluster.Grains.ListUsersWithUsageAsync());
        var days = await ann.GetDaysAsync();
        Assert.Equal([new DateOnly(2026, 5, 6), new DateOnly(2026, 5, 5)], days.Select(d => d.Day));
        Assert.Equal((1L, 2L), (days[0].ByModel["gpt-test"].InputTokens, days[0].ByModel["gpt-test"].OutputTokens));
        Assert.Equal(7, days[0].ByModel["other"].TotalTokens);
        Assert.Equal(120, Assert.Single(days[1].ByModel).Value.TotalTokens);

        _setup.Time!.Advance(TimeSpan.FromDays(61));
        await cluster.Grains.GetGrain<IUsageGrain>("test:cem").RecordAsync(new UsageRecord("c:0", "gpt-test", 1, 1));
        Assert.Equal(["test:cem"], await cluster.Grains.ListUsersWithUsageAsync());
    }

    [Fact]
    public async Task A_user_keeps_the_same_directory_shard_in_every_process_and_users_spread_over_the_shards()
    {
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        // Pinned: a hash that changed between processes (string.GetHashCode) or versions would hide the users listed before.
        Assert.Equal("44", cluster.Grains.GetUsageDirectoryShard("telegram:42").GetPrimaryKeyString());
        var shards = Enumerable.Range(0, 200).Select(i => cluster.Grains.GetUsageDirectoryShard($"http:u{i}").GetPrimaryKeyString()).ToHashSet();
        Assert.True(shards.Count > UsageDirectory.ShardCount / 2, $"200 users landed in {shards.Count} of {UsageDirectory.ShardCount} shards.");
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
