using MyBot.TestKit.Llm;

namespace MyBot.Server.Tests.EndToEnd;

/// <summary>Issue 15's skills and subagents through the real server process: a skill loaded and a task dispatched in one turn.</summary>
public sealed class SkillAndSubagentTests
{
    [Fact]
    public async Task The_agent_loads_a_skill_and_dispatches_a_task_to_a_subagent()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        WriteWorkspaceFile(environment, "agents/default/AGENT.md", "---\nskills: [trips]\nsubagents: [researcher]\n---\nYou plan the owner's travel.");
        WriteWorkspaceFile(environment, "agents/researcher/AGENT.md", "---\ndescription: Looks up timetables.\n---\nYou look things up.");
        WriteWorkspaceFile(environment, "skills/trips/SKILL.md", "---\nname: trips\ndescription: Plans train trips.\n---\nAlways suggest booking a seat.");
        var llm = environment.Llm!;
        llm.Enqueue(
            ScriptedReply.WithToolCalls(new ScriptedToolCall("c1", "use_skill", "{\"name\":\"trips\"}")),
            ScriptedReply.WithToolCalls(new ScriptedToolCall("c2", "dispatch_agent", "{\"agent\":\"researcher\",\"task\":\"Find the next train to Hamburg.\"}")),
            ScriptedReply.WithText("The 10:04 ICE."),
            ScriptedReply.WithText("Take the 10:04 ICE and book a seat."));
        await using var server = await environment.StartServerAsync();
        using var client = server.CreateClient();
        const string source = "http:ivy:ivy";

        await MessagesApi.PostAsync(client, "ivy", "get me to Hamburg", "k1");
        await MessagesApi.WaitForRepliesAsync(client, source, 1);
        await MessagesApi.PostAsync(client, "ivy", "/skills", "k2");
        await MessagesApi.PostAsync(client, "ivy", "/help", "k3");
        var replies = await MessagesApi.WaitForRepliesAsync(client, source, 3);

        Assert.Equal("Take the 10:04 ICE and book a seat.", replies[0].Text);
        Assert.Contains("- trips: Plans train trips.", llm.Requests[0].SystemPrompt, StringComparison.Ordinal);
        Assert.Contains("Always suggest booking a seat.", llm.Requests[1].Messages.Single(m => m.Role == "tool").Content, StringComparison.Ordinal);
        Assert.StartsWith("You look things up.", llm.Requests[2].SystemPrompt, StringComparison.Ordinal);
        Assert.Equal("Find the next train to Hamburg.", llm.Requests[2].LastUserText);
        Assert.Contains("The 10:04 ICE.", llm.Requests[3].Messages.Last(m => m.Role == "tool").Content, StringComparison.Ordinal);
        Assert.Contains("✓ trips: Plans train trips.", replies[1].Text, StringComparison.Ordinal);
        Assert.Contains("/skills", replies[2].Text, StringComparison.Ordinal);
    }

    private static void WriteWorkspaceFile(E2eEnvironment environment, string relativePath, string content)
    {
        var path = Path.Combine(environment.DataDir, "workspace", relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
