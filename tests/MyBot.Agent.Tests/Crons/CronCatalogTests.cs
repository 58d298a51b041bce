using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Crons;
using MyBot.TestKit;

namespace MyBot.Agent.Tests.Crons;

public sealed class CronCatalogTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _directory = new();
    private CronCatalog? _catalog;

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

        Directory.Delete(Path.Combine(catalog.CronsDirectory, "news"), recursive: true);
        await Eventually.WaitUntilAsync(() => catalog.Jobs.Count == 0 && catalog.Errors.Count == 0, Bound, "the job to go");
    }

    public void Dispose()
    {
        _catalog?.Dispose();
        _directory.Dispose();
    }

    private CronCatalog Create() => _catalog = new CronCatalog(
        Options.Create(new AgentOptions { DataDir = _directory.Path, TimeZone = "Europe/Berlin" }),
        TimeProvider.System,
        NullLogger<CronCatalog>.Instance);

    private void WriteJob(string name, string text)
    {
        var folder = Path.Combine(_directory.Path, "workspace", "crons", name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, CronCatalog.CronFileName), text);
    }
}
