using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Tools;
using MyBot.Agent.Workspace;
using MyBot.Channels;
using MyBot.TestKit;

namespace MyBot.Agent.Tests.Agents;

public sealed class AgentCatalogTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();
    private readonly List<AgentCatalog> _catalogs = [];
    private readonly List<FolderWorkspace> _workspaces = [];

    [Fact]
    public void First_start_creates_the_workspace_with_the_default_agent()
    {
        var catalog = Create();

        var agent = Assert.Single(catalog.Agents);
        Assert.Equal("default", agent.Name);
        Assert.Contains("current_time", agent.Tools);
        Assert.True(File.Exists(Path.Combine(_directory.Path, "workspace", "agents", "default", "AGENT.md")));
        Assert.Empty(catalog.Errors);
    }

    [Fact]
    public async Task A_new_agent_is_picked_up_without_a_restart()
    {
        var catalog = Create();

        WriteAgent("coder", "---\ndescription: codes\n---\nYou write code.");

        await Eventually.WaitUntilAsync(() => catalog.Find("coder") is not null, Bound, "the new agent to load");
        Assert.Equal("You write code.", catalog.Find("CODER")!.Prompt);
    }

    [Fact]
    public async Task A_changed_prompt_is_picked_up()
    {
        var catalog = Create();
        WriteAgent("default", "---\n---\nVersion two.");

        await Eventually.WaitUntilAsync(() => catalog.Find("default")?.Prompt == "Version two.", Bound, "the changed prompt");
    }

    [Fact]
    public void An_invalid_file_is_reported_with_file_and_line_and_the_others_keep_working()
    {
        Create().Dispose();
        WriteAgent("broken", "---\nname: broken\nflavour: x\n---\nprompt");

        var catalog = Create();

        Assert.Equal(["default"], catalog.Agents.Select(a => a.Name));
        var error = Assert.Single(catalog.Errors);
        Assert.Equal("broken", error.AgentName);
        Assert.Equal(3, error.Line);
        Assert.Contains(Path.Combine("broken", "AGENT.md") + "(3): unknown setting 'flavour'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_half_written_file_keeps_the_last_good_definition()
    {
        var catalog = Create();
        var good = catalog.Find("default");

        WriteAgent("default", "---\nname: def");
        catalog.Reload();

        Assert.Same(good, catalog.Find("default"));
        Assert.Single(catalog.Errors);
    }

    [Fact]
    public void Resolves_selected_then_binding_then_default()
    {
        Create().Dispose();
        WriteAgent("coder", "---\n---\nCode.");
        WriteAgent("phone", "---\n---\nPhone.");
        var catalog = Create(new AgentBindingOptions { Match = "telegram", Agent = "phone" });

        Assert.Equal("phone", catalog.Resolve(EventSource.Parse("telegram:1"), null).Name);
        Assert.Equal("coder", catalog.Resolve(EventSource.Parse("telegram:1"), "coder").Name);
        Assert.Equal("phone", catalog.Resolve(EventSource.Parse("telegram:1"), "gone").Name);
        Assert.Equal("default", catalog.Resolve(EventSource.Parse("cli:me"), null).Name);
    }

    [Fact]
    public void A_missing_default_agent_falls_back_to_the_built_in_assistant()
    {
        Create().Dispose();
        WriteAgent("default", "not yaml at all");

        var catalog = Create();

        var agent = catalog.Resolve(EventSource.Parse("cli:me"), null);
        Assert.Equal("(built in)", agent.SourcePath);
    }

    public void Dispose()
    {
        foreach (var catalog in _catalogs)
        {
            catalog.Dispose();
        }

        foreach (var workspace in _workspaces)
        {
            workspace.Dispose();
        }

        _directory.Dispose();
    }

    private AgentCatalog Create(params AgentBindingOptions[] bindings)
    {
        var options = new AgentOptions { DataDir = _directory.Path, Bindings = [.. bindings] };
        var tools = new ToolRegistry([new CurrentTimeTool(TimeProvider.System), new NamedTool("remember"), new NamedTool("recall"), new NamedTool("forget"), new NamedTool("schedule_message"), new NamedTool("web_fetch")]);
        var workspace = new FolderWorkspace(Options.Create(options));
        _workspaces.Add(workspace);
        var catalog = new AgentCatalog(workspace, Options.Create(options), tools, TimeProvider.System, NullLogger<AgentCatalog>.Instance);
        _catalogs.Add(catalog);
        return catalog;
    }

    private void WriteAgent(string name, string content)
    {
        var folder = Path.Combine(_directory.Path, "workspace", "agents", name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "AGENT.md"), content);
    }
}
