using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using MyBot.Agent.History;
using MyBot.Agent.Llm;
using MyBot.Agent.Tools;
using MyBot.Grains.Tests.Support;
using MyBot.TestKit.Llm;

namespace MyBot.Grains.Tests.Subagents;

/// <summary><c>dispatch_agent</c> through the subagent grain: the round trip, the depth and time limits, usage and a retried turn.</summary>
public sealed class DispatchAgentTests : IDisposable
{
    private const string ResearcherPrompt = "You research things.";
    private static readonly EventSource Source = new("test", "u1", "c1");
    private readonly GrainsTestSetup _setup = new() { Time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 5, 9, 0, 0, TimeSpan.Zero)) };

    public DispatchAgentTests()
    {
        WriteAgent("default", "---\ntools: [current_time]\nsubagents: [researcher]\n---\nYou lead.");
        WriteAgent("researcher", $"---\ndescription: Finds facts.\ntools: [current_time, schedule_message]\nsubagents: [researcher]\n---\n{ResearcherPrompt}");
    }

    [Fact]
    public async Task The_subagents_answer_comes_back_as_the_tool_result_and_only_the_callers_reply_reaches_the_user()
    {
        _setup.Llm.CallTool(DispatchAgentTool.Name, Dispatch("What time is it?"), "c1")
            .CallTool(CurrentTimeTool.Name, callId: "c2")
            .Reply("It is nine.")
            .Reply("The researcher says it is nine.");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        await cluster.PublishAsync(Inbound("1", "ask the researcher for the time"));
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the reply");

        Assert.Equal("The researcher says it is nine.", Assert.Single(_setup.Channel.Delivered).Text);
        var requests = _setup.Llm.Requests;
        Assert.Equal(4, requests.Count);
        Assert.Contains("\n- researcher: Finds facts.", requests[0].Messages[0].Text, StringComparison.Ordinal);
        Assert.StartsWith(ResearcherPrompt, requests[1].Messages[0].Text, StringComparison.Ordinal);
        Assert.Contains(PromptBuilder.SubagentNote, requests[1].Messages[0].Text, StringComparison.Ordinal);
        Assert.Equal("What time is it?", requests[1].Messages[^1].Text);
        Assert.Equal([CurrentTimeTool.Name, DispatchAgentTool.Name], requests[1].Options!.Tools!.Select(t => t.Name));
        Assert.Contains("It is nine.", ToolResult(requests[3], "c1"), StringComparison.Ordinal);
        Assert.Equal(60, (await Usage(cluster).GetReportAsync()).TodayTokens);
    }

    [Fact]
    public async Task A_subagent_at_the_depth_limit_is_not_offered_dispatch_agent()
    {
        _setup.Settings["MyBot:Subagents:MaxDepth"] = "1";
        _setup.Llm.CallTool(DispatchAgentTool.Name, Dispatch("Dig deeper."), "c1")
            .CallTool(DispatchAgentTool.Name, Dispatch("Dig even deeper."), "c2")
            .Reply("This is as deep as I go.")
            .Reply("Done.");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        await cluster.PublishAsync(Inbound("1", "research"));
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the reply");

        var requests = _setup.Llm.Requests;
        Assert.Equal(4, requests.Count);
        Assert.Contains(DispatchAgentTool.Name, requests[0].Options!.Tools!.Select(t => t.Name));
        Assert.DoesNotContain(DispatchAgentTool.Name, requests[1].Options!.Tools!.Select(t => t.Name));
        Assert.DoesNotContain("Agents you can hand a task to", requests[1].Messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("there is no tool named 'dispatch_agent' available to you", ToolResult(requests[2], "c2"), StringComparison.Ordinal);
        Assert.Contains("This is as deep as I go.", ToolResult(requests[3], "c1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subagent_that_runs_past_its_time_limit_gives_the_caller_an_error_result()
    {
        _setup.Settings["MyBot:Subagents:TimeLimit"] = "00:00:30";
        var never = new TaskCompletionSource<ChatResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _setup.Llm.CallTool(DispatchAgentTool.Name, Dispatch("Think for ever."), "c1")
            .ThenAsync(_ => never.Task)
            .Reply("The researcher took too long.");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        await cluster.PublishAsync(Inbound("1", "research"));
        await cluster.WaitUntilAsync(() => _setup.Llm.Requests.Count == 2, "the subagent to ask the model");
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the reply after the time limit", step: TimeSpan.FromSeconds(1));

        Assert.Equal("The researcher took too long.", Assert.Single(_setup.Channel.Delivered).Text);
        var result = ToolResult(_setup.Llm.Requests[2], "c1");
        Assert.Contains("Error: The agent 'researcher' did not finish the task within 00:00:30.", result, StringComparison.Ordinal);
        never.SetCanceled();
    }

    [Fact]
    public async Task A_turn_attempted_again_gets_the_subagents_answer_without_running_it_twice()
    {
        _setup.Llm.CallTool(DispatchAgentTool.Name, Dispatch("What is six times seven?"), "c1")
            .Reply("42")
            .Then(_ => throw new LlmException(LlmErrorKind.ServerError, "The model is down."))
            .CallTool(DispatchAgentTool.Name, Dispatch("What is six times seven?"), "c1")
            .Reply("The answer is 42.");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        await cluster.PublishAsync(Inbound("1", "six times seven?"));
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the reply of the second attempt", step: TimeSpan.FromMilliseconds(100));

        Assert.Equal("The answer is 42.", Assert.Single(_setup.Channel.Delivered).Text);
        var requests = _setup.Llm.Requests;
        Assert.Equal(5, requests.Count);
        Assert.Single(requests, r => r.Messages[0].Text.StartsWith(ResearcherPrompt, StringComparison.Ordinal));
        Assert.Contains("42", ToolResult(requests[4], "c1"), StringComparison.Ordinal);

        // Four calls were served (the failed one reported nothing): the subagent's counted once, to the user.
        Assert.Equal(60, (await Usage(cluster).GetReportAsync()).TodayTokens);
    }

    [Fact]
    public async Task A_subagents_answer_is_kept_under_a_reminder_for_a_day_and_forgotten_when_it_fires()
    {
        _setup.Llm.Reply("First answer.").Reply("Second answer.");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var task = new SubagentTask("researcher", "What is new?", Source, Depth: 1);
        var grain = cluster.Grains.GetGrain<ISubagentGrain>(task.SessionKeyFor("test:u1:c1/some-turn"));
        var registered = _setup.Time!.GetUtcNow().UtcDateTime;

        Assert.Equal(new SubagentAnswer("First answer."), await grain.RunAsync(task));
        Assert.Equal(new SubagentAnswer("First answer."), await grain.RunAsync(task));
        Assert.Single(_setup.Llm.Requests);
        var reminder = Assert.Single((await cluster.Service<IReminderTable>().ReadRows(grain.GetGrainId())).Reminders);
        Assert.Equal(registered.AddDays(1), reminder.StartAt);

        // Orleans' firing of a reminder a day away is its own business; what the grain does when it fires is ours.
        await grain.AsReference<IRemindable>().ReceiveReminder(reminder.ReminderName, new TickStatus(reminder.StartAt, reminder.Period, reminder.StartAt));

        Assert.Empty((await cluster.Service<IReminderTable>().ReadRows(grain.GetGrainId())).Reminders);
        Assert.Equal(new SubagentAnswer("Second answer."), await grain.RunAsync(task));
    }

    public void Dispose() => _setup.Dispose();

    private static Dictionary<string, object?> Dispatch(string task) => new() { ["agent"] = "researcher", ["task"] = task };

    private static string ToolResult((List<ChatMessage> Messages, ChatOptions? Options) request, string callId) =>
        (string)request.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Last(r => r.CallId == callId).Result!;

    private static IUsageGrain Usage(GrainsTestCluster cluster) => cluster.Grains.GetGrain<IUsageGrain>(ToolContext.UserKeyOf(Source));

    private void WriteAgent(string name, string content)
    {
        var folder = Path.Combine(_setup.Settings["MyBot:DataDir"]!, "workspace", "agents", name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "AGENT.md"), content);
    }

    private InboundEvent Inbound(string messageId, string text) => new(InboundEvent.CreateId(Source, messageId), Source, text, _setup.Time!.GetUtcNow());
}
