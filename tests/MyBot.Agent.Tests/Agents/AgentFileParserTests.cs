using MyBot.Agent.Agents;
using MyBot.Agent.Workspace;

namespace MyBot.Agent.Tests.Agents;

public sealed class AgentFileParserTests
{
    private static readonly HashSet<string> Tools = ["current_time", "remember"];

    [Fact]
    public void Reads_front_matter_and_prompt()
    {
        var text = "---\nname: coder\ndescription: Writes code\nmodel: gpt-x\ntemperature: 0.3\ntools: [current_time, remember]\nmaxTokens: 900\n---\nYou write code.\n";

        var agent = AgentFileParser.Parse("a/AGENT.md", "coder", text, Tools);

        Assert.Equal("coder", agent.Name);
        Assert.Equal("Writes code", agent.Description);
        Assert.Equal("gpt-x", agent.Model);
        Assert.Equal(0.3f, agent.Temperature);
        Assert.Equal(["current_time", "remember"], agent.Tools);
        Assert.Equal(900, agent.MaxTokens);
        Assert.Equal("You write code.", agent.Prompt);
    }

    [Fact]
    public void Optional_settings_default_to_none()
    {
        var agent = AgentFileParser.Parse("AGENT.md", "plain", "---\n---\nHello.", Tools);

        Assert.Null(agent.Model);
        Assert.Null(agent.Temperature);
        Assert.Empty(agent.Tools);
    }

    [Fact]
    public void Reads_the_allowed_skills_and_subagents()
    {
        var agent = AgentFileParser.Parse("AGENT.md", "boss", "---\nskills: [trips, '*']\nsubagents:\n  - researcher\n  - coder\n---\nLead.", Tools);

        Assert.Equal(["trips", "*"], agent.Skills);
        Assert.True(agent.AllowsSkill("anything"));
        Assert.Equal(["researcher", "coder"], agent.Subagents);
    }

    [Theory]
    [InlineData("---\nskills: [trips, Bad Name]\n---\nx", 2, "'Bad Name' in 'skills' is not a name")]
    [InlineData("---\nname: coder\nsubagents:\n  - '*'\n---\nx", 4, "'*' in 'subagents' is not a name")]
    [InlineData("---\ntools: [current_time, use_skill]\n---\nx", 2, "'use_skill' is not listed in 'tools': an agent gets it when its 'skills' names one")]
    [InlineData("---\nname: coder\ncolour: red\n---\nx", 3, "unknown setting 'colour'")]
    [InlineData("---\nname: coder\ntemperature: hot\n---\nx", 3, "'temperature' must be a number")]
    [InlineData("---\ntools:\n  - current_time\n  - teleport\n---\nx", 4, "unknown tool 'teleport'")]
    [InlineData("---\nname: other\n---\nx", 2, "does not match the agent's folder")]
    [InlineData("---\nname: coder\n---\n\n", 4, "system prompt is empty")]
    [InlineData("no front matter", 1, "must start with a '---' line")]
    [InlineData("---\nname: coder\n", 3, "front matter is not closed")]
    [InlineData("---\nname: coder\ndescription: [unclosed\n---\nx", 4, "invalid YAML")]
    public void An_invalid_file_names_the_file_and_line(string text, int line, string problem)
    {
        var error = Assert.Throws<WorkspaceFileException>(() => AgentFileParser.Parse("agents/coder/AGENT.md", "coder", text, Tools));

        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"agents/coder/AGENT.md({line}): ", error.Message, StringComparison.Ordinal);
    }
}
