using MyBot.TestKit;
using MyBot.TestKit.Llm;

namespace MyBot.Server.Tests.EndToEnd;

/// <summary>Issue 6 through the real server process: tools, memory, scheduled messages, budgets, routing.</summary>
public sealed class AgentFeatureTests
{
    [Fact]
    public async Task Current_time_round_trip_and_remember_then_recall_in_a_new_session()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        environment.Settings["MyBot__TimeZone"] = "Europe/Berlin";
        var llm = environment.Llm!;
        llm.Enqueue(
            ScriptedReply.WithToolCalls(new ScriptedToolCall("c1", "current_time", "{}")),
            ScriptedReply.WithText("It is late."),
            ScriptedReply.WithToolCalls(new ScriptedToolCall("c2", "remember", "{\"fact\":\"The user's dog is called Rex.\"}")),
            ScriptedReply.WithText("Noted."),
            ScriptedReply.WithText("Your dog is Rex."));
        await using var server = await environment.StartServerAsync();
        using var client = server.CreateClient();
        const string source = "http:dana:dana";

        await MessagesApi.PostAsync(client, "dana", "what time is it?", "t1");
        await MessagesApi.WaitForRepliesAsync(client, source, 1);
        await MessagesApi.PostAsync(client, "dana", "remember my dog is Rex", "t2");
        await MessagesApi.WaitForRepliesAsync(client, source, 2);
        await MessagesApi.PostAsync(client, "dana", "/new", "t3");
        await MessagesApi.PostAsync(client, "dana", "what is my dog called?", "t4");
        var replies = await MessagesApi.WaitForRepliesAsync(client, source, 4);

        Assert.Equal(["It is late.", "Noted.", "Your dog is Rex."], new[] { replies[0], replies[1], replies[3] }.Select(r => r.Text));
        var timeResult = llm.Requests[1].Messages.Single(m => m.Role == "tool").Content;
        Assert.Contains("trust=\"untrusted\"", timeResult, StringComparison.Ordinal);
        Assert.Contains("Europe/Berlin", timeResult, StringComparison.Ordinal);
        var last = llm.Requests[^1];
        Assert.Contains("The user's dog is called Rex.", last.SystemPrompt, StringComparison.Ordinal);
        Assert.DoesNotContain(last.Messages, m => m.Content.Contains("remember my dog", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_scheduled_message_arrives_once_across_a_sigkill()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        environment.Llm!.Enqueue(
            ScriptedReply.WithToolCalls(new ScriptedToolCall("c1", "schedule_message", "{\"text\":\"Tea is ready.\",\"delay_seconds\":4}")),
            ScriptedReply.WithText("I'll tell you in a few seconds."));
        const string source = "http:erin:erin";
        await using (var first = await environment.StartServerAsync())
        {
            using var client = first.CreateClient();
            await MessagesApi.PostAsync(client, "erin", "remind me about the tea", "s1");
            await MessagesApi.WaitForRepliesAsync(client, source, 1);
            first.Kill();
        }

        await using var second = await environment.StartServerAsync();
        using var again = second.CreateClient();
        var replies = await MessagesApi.WaitForRepliesAsync(again, source, 2);
        Assert.Equal("⏰ Tea is ready.", replies[1].Text);

        await MessagesApi.PostAsync(again, "erin", "/reminders", "s2");
        replies = await MessagesApi.WaitForRepliesAsync(again, source, 3);
        Assert.Single(replies, r => r.Text.Contains("Tea is ready.", StringComparison.Ordinal) && r.Text.StartsWith('⏰'));
        Assert.Contains("No scheduled messages", replies[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Web_fetch_to_loopback_is_refused_and_a_throwing_tool_becomes_a_result()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        var llm = environment.Llm!;
        llm.Enqueue(
            ScriptedReply.WithToolCalls(new ScriptedToolCall("c1", "web_fetch", $"{{\"url\":\"{llm.Url}\"}}")),
            ScriptedReply.WithText("I may not fetch that."),
            ScriptedReply.WithToolCalls(new ScriptedToolCall("c2", "schedule_message", "{\"text\":\"x\",\"at\":\"1999-01-01T00:00:00Z\"}")),
            ScriptedReply.WithText("That time is in the past."));
        await using var server = await environment.StartServerAsync();
        using var client = server.CreateClient();

        await MessagesApi.PostAsync(client, "fay", "fetch the local server", "w1");
        await MessagesApi.WaitForRepliesAsync(client, "http:fay:fay", 1);
        await MessagesApi.PostAsync(client, "fay", "remind me in 1999", "w2");
        var replies = await MessagesApi.WaitForRepliesAsync(client, "http:fay:fay", 2);

        Assert.Contains("not a public address", llm.Requests[1].Messages.Single(m => m.Role == "tool").Content, StringComparison.Ordinal);
        Assert.Contains("Error: the tool 'schedule_message' failed", llm.Requests[3].Messages.Single(m => m.Role == "tool").Content, StringComparison.Ordinal);
        Assert.Equal("That time is in the past.", replies[1].Text);
    }

    [Fact]
    public async Task The_tool_loop_stops_at_its_limit()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        environment.Settings["MyBot__Tools__MaxRounds"] = "3";
        environment.Llm!.Responder = _ => ScriptedReply.WithToolCalls(new ScriptedToolCall("c", "current_time", "{}"));
        await using var server = await environment.StartServerAsync();
        using var client = server.CreateClient();

        await MessagesApi.PostAsync(client, "gus", "loop forever", "l1");
        var reply = Assert.Single(await MessagesApi.WaitForRepliesAsync(client, "http:gus:gus", 1));

        Assert.Contains("stopped after 3 rounds of tool calls", reply.Text, StringComparison.Ordinal);
        Assert.Equal(3, environment.Llm.RequestCount);
    }

    [Fact]
    public async Task Over_the_daily_budget_no_request_reaches_the_llm()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        environment.Settings["MyBot__Budget__DailyTokens"] = "20";
        await using var server = await environment.StartServerAsync();
        using var client = server.CreateClient();

        for (var i = 1; i <= 3; i++)
        {
            await MessagesApi.PostAsync(client, "hal", $"message {i}", $"b{i}");
            await MessagesApi.WaitForRepliesAsync(client, "http:hal:hal", i);
        }

        var replies = await MessagesApi.GetAsync(client, "http:hal:hal");
        Assert.Contains("today's budget of 20 tokens", replies[2].Text, StringComparison.Ordinal);
        Assert.Equal(2, environment.Llm!.RequestCount);
    }

    [Fact]
    public async Task Routing_with_bindings_agent_switching_and_an_invalid_agent_file()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        var agents = Path.Combine(environment.DataDir, "workspace", "agents");
        WriteAgent(agents, "default", "---\ndescription: General\n---\nYou are the general assistant.");
        WriteAgent(agents, "coder", "---\ndescription: Writes code\nmodel: code-model\n---\nYou write code.");
        WriteAgent(agents, "broken", "---\ndescription: Broken\ncolour: red\n---\nNever loads.");
        environment.Settings["MyBot__Bindings__0__Match"] = "http:ivy";
        environment.Settings["MyBot__Bindings__0__Agent"] = "coder";
        await using var server = await environment.StartServerAsync();
        using var client = server.CreateClient();
        var llm = environment.Llm!;

        await MessagesApi.PostAsync(client, "ivy", "hello", "r1");
        await MessagesApi.WaitForRepliesAsync(client, "http:ivy:ivy", 1);
        await MessagesApi.PostAsync(client, "jon", "hello", "r2");
        await MessagesApi.WaitForRepliesAsync(client, "http:jon:jon", 1);
        await MessagesApi.PostAsync(client, "ivy", "/agents", "r3");
        await MessagesApi.PostAsync(client, "ivy", "/agent default", "r4");
        await MessagesApi.PostAsync(client, "ivy", "again", "r5");
        var replies = await MessagesApi.WaitForRepliesAsync(client, "http:ivy:ivy", 4);

        Assert.Equal("You write code.", llm.Requests[0].SystemPrompt);
        Assert.Equal("code-model", llm.Requests[0].Model);
        Assert.StartsWith("You are the general assistant.", llm.Requests[1].SystemPrompt, StringComparison.Ordinal);
        Assert.Contains("coder: Writes code (current)", replies[1].Text, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("broken", "AGENT.md") + "(3): unknown setting 'colour'", replies[1].Text, StringComparison.Ordinal);
        Assert.StartsWith("You are the general assistant.", llm.Requests[2].SystemPrompt, StringComparison.Ordinal);
        Assert.Contains("unknown setting 'colour'", server.Logs, StringComparison.Ordinal);
        Assert.Equal(3, llm.RequestCount);
    }

    private static void WriteAgent(string agents, string name, string content)
    {
        Directory.CreateDirectory(Path.Combine(agents, name));
        File.WriteAllText(Path.Combine(agents, name, "AGENT.md"), content);
    }
}
