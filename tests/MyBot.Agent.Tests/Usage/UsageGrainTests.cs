using MyBot.Agent.History;
using MyBot.Agent.Usage;
using MyBot.TestKit;
using MyBot.TestKit.Channels;
using MyBot.TestKit.Grains;
using MyBot.TestKit.Time;

namespace MyBot.Agent.Tests.Usage;

public sealed class UsageGrainTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 5, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_record_sent_twice_counts_once_and_survives_a_restart()
    {
        var stores = new SharedStores(_time);
        await using (var silo = await AgentSilo.StartAsync(new ScriptedChatClient(), new RecordingChannel(), new MemoryTranscriptStore(), _directory.Path, stores, _time))
        {
            var usage = silo.GrainFactory.GetGrain<IUsageGrain>("test:u1");
            await usage.RecordAsync(new UsageRecord("run-a:0", "gpt-test", 100, 20));
            await usage.RecordAsync(new UsageRecord("run-a:0", "gpt-test", 100, 20));
            await usage.RecordAsync(new UsageRecord("run-a:1", "gpt-test", 10, 2));

            Assert.Equal(132, (await usage.GetReportAsync()).TodayTokens);
        }

        await using var restarted = await AgentSilo.StartAsync(new ScriptedChatClient(), new RecordingChannel(), new MemoryTranscriptStore(), _directory.Path, stores, _time);
        var reloaded = restarted.GrainFactory.GetGrain<IUsageGrain>("test:u1");
        await reloaded.RecordAsync(new UsageRecord("run-a:0", "gpt-test", 100, 20));

        Assert.Equal(132, (await reloaded.GetReportAsync()).TodayTokens);
    }

    [Fact]
    public void The_remembered_record_ids_stay_bounded()
    {
        var state = new UsageState();
        var day = new DateOnly(2026, 5, 5);
        for (var i = 0; i < UsageLedger.RecordIdWindow * 3; i++)
        {
            Assert.True(UsageLedger.Apply(state, day, new UsageRecord($"r{i}", "m", 1, 0)));
        }

        Assert.Equal(UsageLedger.RecordIdWindow, state.RecentRecordIds.Count);
        Assert.False(UsageLedger.Apply(state, day, new UsageRecord($"r{(UsageLedger.RecordIdWindow * 3) - 1}", "m", 1, 0)));
        Assert.Equal(UsageLedger.RecordIdWindow * 3, UsageLedger.TokensOn(state, day));
    }

    public void Dispose() => _directory.Dispose();
}
