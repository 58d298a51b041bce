using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Workspace;

namespace MyBot.Agent.Crons;

/// <summary>
/// Loads <c>crons/&lt;name&gt;/CRON.md</c> from the workspace and reloads on change, as the agents are: a file that
/// fails to read or parse keeps its job's last good definition while the error is reported.
/// </summary>
public sealed class CronCatalog : ICronCatalog, IDisposable
{
    public const string CronFileName = "CRON.md";

    private readonly WorkspaceFolderWatcher<CronJobDefinition> _folders;
    private IReadOnlyList<CronJobDefinition> _jobs = [];

    public CronCatalog(IOptions<AgentOptions> options, TimeProvider timeProvider, ILogger<CronCatalog> logger)
    {
        var timeZone = options.Value.TimeZone;
        _folders = new WorkspaceFolderWatcher<CronJobDefinition>(
            Path.Combine(options.Value.ResolveWorkspace(), "crons"),
            CronFileName,
            "cron jobs",
            (path, name, text) => CronFileParser.Parse(path, name, text, timeZone),
            timeProvider,
            logger,
            OnReloaded);
    }

    public event EventHandler? Changed;

    public string CronsDirectory => _folders.Directory;

    public IReadOnlyList<CronJobDefinition> Jobs => _jobs;

    public IReadOnlyList<WorkspaceLoadError> Errors => _folders.Errors;

    /// <summary>Reads every job folder again; called after changes settle, and by tests that need it now.</summary>
    public void Reload() => _folders.Reload();

    public void Dispose() => _folders.Dispose();

    private void OnReloaded(IReadOnlyDictionary<string, CronJobDefinition> jobs)
    {
        var current = jobs.Values.OrderBy(j => j.Name, StringComparer.Ordinal).ToList();
        if (current.SequenceEqual(_jobs))
        {
            return;
        }

        _jobs = current;
        Changed?.Invoke(this, EventArgs.Empty);
    }
}
