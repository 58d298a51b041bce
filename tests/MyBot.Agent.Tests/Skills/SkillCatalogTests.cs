using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Skills;
using MyBot.Agent.Workspace;
using MyBot.TestKit;

namespace MyBot.Agent.Tests.Skills;

public sealed class SkillCatalogTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();
    private readonly List<IDisposable> _owned = [];

    [Fact]
    public void Loads_every_skill_folder_and_reports_a_broken_one_with_its_line()
    {
        WriteSkill("trips", "---\nname: trips\ndescription: Plans trips.\n---\nAsk for dates.");
        WriteSkill("broken", "---\nname: broken\ndescription: x\nflavour: sour\n---\nbody");

        var catalog = Create();

        Assert.Equal(["trips"], catalog.Skills.Select(s => s.Name));
        var error = Assert.Single(catalog.Errors);
        Assert.Equal("broken", error.Name);
        Assert.Equal(4, error.Line);
        Assert.Contains(Path.Combine("broken", "SKILL.md") + "(4): unknown setting 'flavour'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_skill_broken_after_loading_keeps_its_last_good_version()
    {
        WriteSkill("trips", "---\nname: trips\ndescription: Plans trips.\n---\nVersion one.");
        var catalog = Create();
        var good = catalog.Find("trips");

        WriteSkill("trips", "---\nname: trips\ndescription: Plans trips.\n");
        catalog.Reload();

        Assert.Same(good, catalog.Find("trips"));
        Assert.Equal(4, Assert.Single(catalog.Errors).Line);
    }

    [Fact]
    public async Task A_new_skill_and_a_changed_one_are_picked_up_without_a_restart()
    {
        WriteSkill("trips", "---\nname: trips\ndescription: Plans trips.\n---\nVersion one.");
        var catalog = Create();

        WriteSkill("trips", "---\nname: trips\ndescription: Plans trips.\n---\nVersion two.");
        WriteSkill("recipes", "---\nname: recipes\ndescription: Cooks.\n---\nUse butter.");

        await Eventually.WaitUntilAsync(() => catalog.Find("trips")?.Body == "Version two." && catalog.Find("recipes") is not null, Bound, "the changed and the new skill");
    }

    [Fact]
    public void An_agent_gets_the_skills_it_allows_only()
    {
        WriteSkill("trips", "---\nname: trips\ndescription: Plans trips.\n---\nx");
        WriteSkill("recipes", "---\nname: recipes\ndescription: Cooks.\n---\ny");
        var catalog = Create();
        var agent = new AgentDefinition("a", string.Empty, null, null, [], null, "p", "AGENT.md");

        Assert.Empty(catalog.ForAgent(agent));
        Assert.Equal(["trips"], catalog.ForAgent(agent with { Skills = ["trips", "missing"] }).Select(s => s.Name));
        Assert.Equal(["recipes", "trips"], catalog.ForAgent(agent with { Skills = ["*"] }).Select(s => s.Name));
    }

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }

        _directory.Dispose();
    }

    private SkillCatalog Create()
    {
        var workspace = new FolderWorkspace(Options.Create(new AgentOptions { DataDir = _directory.Path }));
        _owned.Add(workspace);
        var catalog = new SkillCatalog(workspace, TimeProvider.System, NullLogger<SkillCatalog>.Instance);
        _owned.Add(catalog);
        return catalog;
    }

    private void WriteSkill(string name, string content)
    {
        var folder = Path.Combine(_directory.Path, "workspace", "skills", name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "SKILL.md"), content);
    }
}
