using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Crons;
using MyBot.Agent.Workspace;
using MyBot.TestKit;

namespace MyBot.Agent.Tests.Crons;

public sealed class CronCatalogTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();
    private readonly List<IDisposable> _owned = [];

    [Fact]
    public async Task A_new_job_is_picked_up_and_a_broken_edit_keeps_the_last_good_version_with_the_error()
    {
        var catalog = Create();
        var changes = 0;
        catalog.Changed += (_, _) => Interlocked.Increment(ref changes);
        Assert.Empty(catalog.Jobs);

        WriteJob("news", "---\nschedule: \"0 8 * * *\"\nagent: default\ndeliver_to: owner\n---\nThe news.");
        await Eventually.WaitUntilAsync(() => catalog.Jobs.Count == 1, Bound, "the new job to load");
        Assert.Equal("Europe/Berlin", catalog.Jobs[0].TimeZone);
        Assert.True(changes >= 1);

        WriteJob("news", "---\nschedule: \"0 8 * *\"\nagent: default\ndeliver_to: owner\n---\nThe news, edited.");
        await Eventually.WaitUntilAsync(() => catalog.Errors.Count == 1, Bound, "the error");
        Assert.Equal("The news.", Assert.Single(catalog.Jobs).Prompt);
        Assert.Contains("CRON.md(2): schedule '0 8 * *'", catalog.Errors[0].Message, StringComparison.Ordinal);

        Directory.Delete(JobFolder("news"), recursive: true);
        await Eventually.WaitUntilAsync(() => catalog.Jobs.Count == 0 && catalog.Errors.Count == 0, Bound, "the job to go");
    }

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }

        _directory.Dispose();
    }

    private CronCatalog Create()
    {
        var options = Options.Create(new AgentOptions { DataDir = _directory.Path, TimeZone = "Europe/Berlin" });
        var workspace = new FolderWorkspace(options);
        _owned.Add(workspace);
        var catalog = new CronCatalog(workspace, options, TimeProvider.System, NullLogger<CronCatalog>.Instance);
        _owned.Add(catalog);
        return catalog;
    }

    private string JobFolder(string name) => Path.Combine(_directory.Path, "workspace", CronCatalog.CronsFolder, name);

    private void WriteJob(string name, string text)
    {
        var folder = JobFolder(name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, CronCatalog.CronFileName), text);
    }
}
