using MyBot.Agent.Agents;
using MyBot.Agent.Skills;

namespace MyBot.Deploy.Tests.Server;

/// <summary>The example workspace files in the README load as they are written there.</summary>
public sealed class ReadmeExampleFilesTests
{
    [Fact]
    public void The_skill_example_parses()
    {
        var skill = SkillFileParser.Parse("skills/trips/SKILL.md", "skills/trips", Example("skills/trips/SKILL.md"));

        Assert.StartsWith("Plans train trips", skill.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void The_agent_examples_parse_with_their_allow_lists()
    {
        var lead = AgentFileParser.Parse("agents/default/AGENT.md", "default", Example("agents/default/AGENT.md"));
        var researcher = AgentFileParser.Parse("agents/researcher/AGENT.md", "researcher", Example("agents/researcher/AGENT.md"));

        Assert.Equal(["trips"], lead.Skills);
        Assert.Equal(["researcher"], lead.Subagents);
        Assert.Contains("web_fetch", researcher.Tools);
    }

    /// <summary>The fenced block after the line that names the file (<c>`path`:</c>).</summary>
    private static string Example(string path)
    {
        var lines = RepositoryLayout.ReadText("README.md").Split('\n');
        var named = Array.FindIndex(lines, line => line.Trim() == $"`{path}`:");
        Assert.True(named >= 0, $"the README shows {path}");
        var open = Array.FindIndex(lines, named, line => line.StartsWith("```", StringComparison.Ordinal));
        var close = Array.FindIndex(lines, open + 1, line => line.StartsWith("```", StringComparison.Ordinal));
        return string.Join('\n', lines[(open + 1)..close]);
    }
}
