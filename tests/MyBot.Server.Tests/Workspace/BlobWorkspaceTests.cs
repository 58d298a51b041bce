using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Skills;
using MyBot.Agent.Tools;
using MyBot.Orleans.AzureStorage.Hosting;
using MyBot.Server.Workspace;
using MyBot.TestKit;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Time;

namespace MyBot.Server.Tests.Workspace;

public sealed class BlobWorkspaceTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>, IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly List<IDisposable> _owned = [];
    private readonly string _container = $"workspace{Guid.NewGuid():N}"[..24];
    private readonly FakeTimeProvider _time = new();

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }
    }

    [Fact]
    public async Task A_first_start_writes_the_default_agent_to_blob_and_an_upload_reaches_the_agents_at_the_next_poll()
    {
        using var data = new TempDirectory();
        var options = new AgentOptions { DataDir = data.Path };
        var catalog = Catalog(Create(options), options);

        Assert.Equal(["default"], catalog.Agents.Select(agent => agent.Name));
        Assert.True(await Blobs().GetBlobClient("workspace/agents/default/AGENT.md").ExistsAsync());
        Assert.Empty(Directory.EnumerateFileSystemEntries(data.Path));

        await Upload("agents/coder/AGENT.md", "---\ndescription: codes\n---\nYou write code.");
        await Upload("agents/default/AGENT.md", "---\n---\nVersion two.");
        _time.Advance(BlobWorkspace.PollInterval);

        await Eventually.WaitUntilAsync(() => catalog.Find("coder")?.Prompt == "You write code." && catalog.Find("default")?.Prompt == "Version two.", Bound, "the uploaded agents");

        await Blobs().DeleteBlobAsync("workspace/agents/coder/AGENT.md");
        _time.Advance(BlobWorkspace.PollInterval);

        await Eventually.WaitUntilAsync(() => catalog.Find("coder") is null, Bound, "the deleted agent to go");
    }

    [Fact]
    public async Task An_error_names_the_blob_and_line()
    {
        await Upload("agents/broken/AGENT.md", "---\nflavour: x\n---\nprompt");
        var options = new AgentOptions();

        var error = Assert.Single(Catalog(Create(options), options).Errors);

        Assert.Contains($"/{_container}/workspace/agents/broken/AGENT.md(2): unknown setting 'flavour'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_workspace_is_seeded_from_the_folder_and_a_later_start_never_overwrites_it()
    {
        using var seed = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(seed.Path, "agents", "coder"));
        Directory.CreateDirectory(Path.Combine(seed.Path, "skills", "notes"));
        await File.WriteAllTextAsync(Path.Combine(seed.Path, "agents", "coder", "AGENT.md"), "---\n---\nSeeded.");
        await File.WriteAllTextAsync(Path.Combine(seed.Path, "skills", "notes", "SKILL.md"), "notes");
        var options = new AgentOptions { Workspace = seed.Path };

        var first = Create(options);
        Assert.Equal(["agents", "skills"], first.Files.GetDirectoryContents(string.Empty).Select(entry => entry.Name));
        await Upload("agents/coder/AGENT.md", "---\n---\nEdited.");
        var second = Create(options);

        using var reader = new StreamReader(second.Files.GetFileInfo("agents/coder/AGENT.md").CreateReadStream());
        Assert.Equal("---\n---\nEdited.", await reader.ReadToEndAsync());
        Assert.False(second.CreateIfMissing("agents/coder/AGENT.md", "replaced"));
        Assert.Equal("notes", (await Blobs().GetBlobClient("workspace/skills/notes/SKILL.md").DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task A_file_another_silo_created_first_is_read_at_once()
    {
        var workspace = Create(new AgentOptions());
        await Upload("agents/default/AGENT.md", "---\n---\nFrom the other silo.");

        Assert.False(workspace.CreateIfMissing("agents/default/AGENT.md", "---\n---\nMine."));

        using var reader = new StreamReader(workspace.Files.GetFileInfo("agents/default/AGENT.md").CreateReadStream());
        Assert.Equal("---\n---\nFrom the other silo.", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task Skills_and_their_files_are_read_from_the_blobs_and_a_broken_upload_keeps_the_last_good_skill()
    {
        await Upload("skills/trips/SKILL.md", "---\nname: trips\ndescription: Plans trips.\n---\nVersion one.");
        await Upload("skills/trips/docs/stations.md", "Berlin Hbf");
        var workspace = Create(new AgentOptions());
        var skills = new SkillCatalog(workspace, TimeProvider.System, NullLogger<SkillCatalog>.Instance);
        _owned.Add(skills);

        var trips = Assert.Single(skills.Skills);
        Assert.Equal("Berlin Hbf", SkillFiles.Read(workspace.Files, trips, "docs/stations.md", 1024));
        Assert.Equal(["docs/stations.md"], SkillFiles.List(workspace.Files, trips));
        Assert.Throws<SkillFileRefusedException>(() => SkillFiles.Read(workspace.Files, trips, "../../agents/default/AGENT.md", 1024));

        await Upload("skills/trips/SKILL.md", "---\nname: trips\n---\nVersion two.");
        _time.Advance(BlobWorkspace.PollInterval);

        await Eventually.WaitUntilAsync(() => skills.Errors.Count == 1, Bound, "the broken upload to be reported");
        Assert.Same(trips, skills.Find("trips"));
        Assert.Contains($"/{_container}/workspace/skills/trips/SKILL.md(2): 'description' is missing", skills.Errors[0].Message, StringComparison.Ordinal);
    }

    private BlobWorkspace Create(AgentOptions options)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{AzureStorageOptions.SectionName}:ConnectionString"] = azurite.ConnectionString,
            [$"{AzureStorageOptions.SectionName}:ContainerName"] = _container,
        }).Build();
        var provider = new ServiceCollection().AddAzureStorage(configuration).BuildServiceProvider();
        _owned.Add(provider);
        var workspace = new BlobWorkspace(provider.GetRequiredService<AzureStorageClients>(), Options.Create(options), _time, NullLogger<BlobWorkspace>.Instance);
        _owned.Add(workspace);
        return workspace;
    }

    private AgentCatalog Catalog(BlobWorkspace workspace, AgentOptions options)
    {
        var catalog = new AgentCatalog(workspace, Options.Create(options), new ToolRegistry([new CurrentTimeTool(TimeProvider.System)]), TimeProvider.System, NullLogger<AgentCatalog>.Instance);
        _owned.Add(catalog);
        return catalog;
    }

    private BlobContainerClient Blobs() => new(azurite.ConnectionString, _container);

    private async Task Upload(string path, string content)
    {
        await Blobs().CreateIfNotExistsAsync();
        await Blobs().GetBlobClient(BlobWorkspace.Prefix + path).UploadAsync(BinaryData.FromString(content), overwrite: true);
    }
}
