using MyBot.Agent.Skills;
using MyBot.Agent.Workspace;

namespace MyBot.Agent.Tests.Skills;

public sealed class SkillFileParserTests
{
    [Fact]
    public void Reads_name_description_and_instructions()
    {
        var text = "---\nname: trip-planner\ndescription: Plans trips by train.\nlicense: MIT\nmetadata:\n  author: me\n---\n# Trips\n\nAsk for dates first.\n";

        var skill = SkillFileParser.Parse("/w/skills/trip-planner/SKILL.md", "skills/trip-planner", text);

        Assert.Equal("trip-planner", skill.Name);
        Assert.Equal("Plans trips by train.", skill.Description);
        Assert.Equal("# Trips\n\nAsk for dates first.", skill.Body);
        Assert.Equal("skills/trip-planner", skill.Folder);
        Assert.Equal("/w/skills/trip-planner/SKILL.md", skill.SourcePath);
    }

    [Theory]
    [InlineData("---\ndescription: x\n---\nbody", 2, "'name' is missing")]
    [InlineData("---\nname: trips\ndescription: x\n---\nbody", 2, "does not match the skill's folder")]
    [InlineData("---\nname: trip-planner\n---\nbody", 2, "'description' is missing")]
    [InlineData("---\nname: trip-planner\ndescription: x\ncolour: red\n---\nbody", 4, "unknown setting 'colour'")]
    [InlineData("---\nname: trip-planner\ndescription: x\n---\n\n", 5, "the instructions are empty")]
    [InlineData("---\nname: trip-planner\ndescription: [unclosed\n---\nbody", 4, "invalid YAML")]
    [InlineData("# no front matter", 1, "must start with a '---' line")]
    public void A_broken_file_names_the_file_and_line(string text, int line, string problem)
    {
        var error = Assert.Throws<WorkspaceFileException>(() => SkillFileParser.Parse("skills/trip-planner/SKILL.md", "skills/trip-planner", text));

        Assert.Equal(line, error.Line);
        Assert.StartsWith($"skills/trip-planner/SKILL.md({line}): ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
