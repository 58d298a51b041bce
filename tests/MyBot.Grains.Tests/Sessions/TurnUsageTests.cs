using Microsoft.Extensions.Time.Testing;
using MyBot.Agent.Llm;
using MyBot.Agent.Tools;
using MyBot.Grains.Tests.Support;

namespace MyBot.Grains.Tests.Sessions;

/// <summary>What a turn counts against the user's budget when it is retried, and how the budget stops a turn midway.</summary>
public sealed class TurnUsageTests : IDisposable
{
    private static readonly EventSource Source = new("test", "u1", "c1");
    private readonly GrainsTestSetup _setup = new() { Time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 5, 9, 0, 0, TimeSpan.Zero)) };

    [Fact]
    public async Task A_turn_retried_after_a_transient_failure_counts_every_call_that_happened_once()
    {
        // Attempt 1: a tool round (15 tokens), then the model fails. Attempt 2 asks again: a tool round and the answer (30).
        _setup.Llm.CallTool(CurrentTimeTool.Name)
            .Then(_ => throw new LlmException(LlmErrorKind.ServerError, "The model is down."))
            .CallTool(CurrentTimeTool.Name)
            .Reply("It is nine.");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var usage = cluster.Grains.GetGrain<IUsageGrain>(ToolContext.UserKeyOf(Source));

        await cluster.PublishAsync(Inbound("1", "what time is it?"));
        await cluster.WaitUntilAsync(() => _setup.Llm.Requests.Count == 2, "the failed first attempt");
        Assert.Equal(15, (await usage.GetReportAsync()).TodayTokens);
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the reply", step: TimeSpan.FromMilliseconds(100));

        Assert.Equal(4, _setup.Llm.Requests.Count);
        Assert.Equal(45, (await usage.GetReportAsync()).TodayTokens);
        Assert.Equal("It is nine.", Assert.Single(_setup.Channel.Delivered).Text);
    }

    [Fact]
    public async Task A_tool_loop_that_reaches_the_budget_stops_with_a_reply_and_no_further_llm_call()
    {
        // Each tool round costs 15 tokens: after three the user has 45 of 40, so the fourth request must not be made.
        _setup.Settings["MyBot:Budget:DailyTokens"] = "40";
        _setup.Llm.CallTool(CurrentTimeTool.Name, callId: "c1")
            .CallTool(CurrentTimeTool.Name, callId: "c2")
            .CallTool(CurrentTimeTool.Name, callId: "c3")
            .CallTool(CurrentTimeTool.Name, callId: "c4")
            .Reply("Done at last.");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var inbound = Inbound("1", "keep checking the time");

        await cluster.PublishAsync(inbound);
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the reply");

        Assert.Equal(3, _setup.Llm.Requests.Count);
        var reply = Assert.Single(_setup.Channel.Delivered).Text;
        Assert.Contains("today's budget of 40 tokens (45 used)", reply, StringComparison.Ordinal);
        Assert.Contains("stopped before asking the model again", reply, StringComparison.Ordinal);
        Assert.Equal(45, (await cluster.Grains.GetGrain<IUsageGrain>(ToolContext.UserKeyOf(Source)).GetReportAsync()).TodayTokens);

        // The turn completed: the redelivered event is recognised, not run again.
        await cluster.PublishAsync(inbound);
        await cluster.PublishAsync(Inbound("2", "/status"));
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 2, "the next message's reply");
        Assert.Equal(3, _setup.Llm.Requests.Count);
    }

    public void Dispose() => _setup.Dispose();

    private InboundEvent Inbound(string messageId, string text) => new(InboundEvent.CreateId(Source, messageId), Source, text, _setup.Time!.GetUtcNow());
}
