using Microsoft.Extensions.AI;
using MyBot.Agent.History;
using MyBot.Agent.Llm;
using MyBot.Agent.Sessions;
using MyBot.Agent.Tools;
using MyBot.Agent.Usage;
using MyBot.Channels;
using MyBot.TestKit;
using MyBot.TestKit.Channels;
using MyBot.TestKit.Grains;
using MyBot.TestKit.Time;

namespace MyBot.Agent.Tests.Sessions;

/// <summary>What a turn counts against the user's budget when it is retried, and how the budget stops a turn midway.</summary>
public sealed class TurnUsageTests : IDisposable
{
    private static readonly EventSource Source = new("test", "u1", "c1");
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly RecordingChannel _channel = new(chunkSize: 100_000);
    private readonly ScriptedChatClient _llm = new();

    [Fact]
    public async Task A_turn_retried_after_a_transient_failure_counts_every_call_that_happened_once()
    {
        // Run 1: a tool round (15 tokens), then the model fails. Run 2 asks again: a tool round and the answer (30).
        _llm.CallTool(CurrentTimeTool.Name)
            .Then(_ => throw new LlmException(LlmErrorKind.ServerError, "The model is down."))
            .CallTool(CurrentTimeTool.Name)
            .Reply("It is nine.");
        await using var silo = await StartAsync(dailyTokens: 0);
        var session = silo.GrainFactory.GetGrain<ISessionGrain>(Source.ToString());
        var usage = silo.GrainFactory.GetGrain<IUsageGrain>(ToolContext.UserKeyOf(Source));
        var inbound = new InboundEvent(InboundEvent.CreateId(Source, "1"), Source, "what time is it?", _time.GetUtcNow());

        await Assert.ThrowsAsync<LlmException>(() => session.HandleAsync(inbound, 1));
        Assert.Equal(15, (await usage.GetReportAsync()).TodayTokens);

        await session.HandleAsync(inbound, 2);
        await WaitForRepliesAsync(1);

        Assert.Equal(4, _llm.Requests.Count);
        Assert.Equal(45, (await usage.GetReportAsync()).TodayTokens);
        Assert.Equal("It is nine.", Assert.Single(_channel.Delivered).Text);
    }

    [Fact]
    public async Task A_tool_loop_that_reaches_the_budget_stops_with_a_reply_and_no_further_llm_call()
    {
        // Each tool round costs 15 tokens: after three the user has 45 of 40, so the fourth request must not be made.
        _llm.CallTool(CurrentTimeTool.Name, callId: "c1")
            .CallTool(CurrentTimeTool.Name, callId: "c2")
            .CallTool(CurrentTimeTool.Name, callId: "c3")
            .CallTool(CurrentTimeTool.Name, callId: "c4")
            .Reply("Done at last.");
        await using var silo = await StartAsync(dailyTokens: 40);
        var session = silo.GrainFactory.GetGrain<ISessionGrain>(Source.ToString());
        var inbound = new InboundEvent(InboundEvent.CreateId(Source, "1"), Source, "keep checking the time", _time.GetUtcNow());

        await session.HandleAsync(inbound, 1);
        await WaitForRepliesAsync(1);

        Assert.Equal(3, _llm.Requests.Count);
        var reply = Assert.Single(_channel.Delivered).Text;
        Assert.Contains("today's budget of 40 tokens (45 used)", reply, StringComparison.Ordinal);
        Assert.Contains("stopped before asking the model again", reply, StringComparison.Ordinal);
        Assert.Equal(45, (await silo.GrainFactory.GetGrain<IUsageGrain>(ToolContext.UserKeyOf(Source)).GetReportAsync()).TodayTokens);

        // The turn completed: the redelivered event is recognised, not run again.
        await session.HandleAsync(inbound, 2);
        Assert.Equal(3, _llm.Requests.Count);
    }

    public void Dispose() => _directory.Dispose();

    private Task<TestSilo> StartAsync(long dailyTokens) =>
        AgentSilo.StartAsync(_llm, _channel, new MemoryTranscriptStore(), _directory.Path, new SharedStores(_time), _time, new() { ["MyBot:Budget:DailyTokens"] = $"{dailyTokens}" });

    private Task WaitForRepliesAsync(int count) =>
        Eventually.WaitUntilAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(1));
                return _channel.Delivered.Count >= count;
            },
            TimeSpan.FromSeconds(10),
            $"{count} replies");
}
