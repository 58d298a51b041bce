using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Commands;
using MyBot.Agent.Skills;
using MyBot.Agent.Tests.Tools;
using MyBot.Agent.Tools;
using MyBot.Agent.Workspace;
using MyBot.Channels;
using MyBot.TestKit;

namespace MyBot.Agent.Tests.Commands;

public sealed class SkillsCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Lists_the_skills_marks_those_the_agent_may_use_and_shows_a_broken_one_with_its_line()
    {
        Write("agents/default/AGENT.md", "---\nskills: [trips]\n---\nYou help.");
        Write("skills/trips/SKILL.md", "---\nname: trips\ndescription: Plans trips.\n---\nx");
        Write("skills/recipes/SKILL.md", "---\nname: recipes\ndescription: Cooks.\n---\ny");
        Write("skills/broken/SKILL.md", "---\nname: broken\n---\nz");
        var options = Options.Create(new AgentOptions { DataDir = _directory.Path });
        using var workspace = new FolderWorkspace(options);
        using var agents = new AgentCatalog(workspace, options, new ToolRegistry([new NamedTool("current_time")]), TimeProvider.System, NullLogger<AgentCatalog>.Instance);
        using var skills = new SkillCatalog(workspace, TimeProvider.System, NullLogger<SkillCatalog>.Instance);

        var reply = await new SkillsCommand(skills, agents).ExecuteAsync(new CommandContext(EventSource.Parse("cli:me"), new FakeCommandSession(), DateTimeOffset.UnixEpoch), string.Empty, default);

        Assert.Contains("- recipes: Cooks.", reply, StringComparison.Ordinal);
        Assert.Contains("- ✓ trips: Plans trips.", reply, StringComparison.Ordinal);
        Assert.Contains($"- broken: not loaded: {Path.Combine(_directory.Path, "workspace", "skills", "broken", "SKILL.md")}(2): 'description' is missing", reply, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private void Write(string relativePath, string content)
    {
        var path = Path.Combine(_directory.Path, "workspace", relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
