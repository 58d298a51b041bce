using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Workspace;

namespace MyBot.Agent.Crons;

/// <summary>
/// Loads <c>crons/&lt;name&gt;/CRON.md</c> from the workspace and reloads on change, as the agents and skills are: a
/// file that fails to read or parse keeps its job's last good definition while the error is reported
/// (<see cref="WorkspaceFolderWatcher{T}"/>). In cloud mode the workspace is the blob container, so every silo reads the same jobs.
/// </summary>
public sealed class CronCatalog : ICronCatalog, IDisposable
{
    public const string CronFileName = "CRON.md";

    /// <summary>The workspace path of the jobs' folders.</summary>
    public const string CronsFolder = "crons";

    private readonly WorkspaceFolderWatcher<CronJobDefinition> _folders;
    private IReadOnlyList<CronJobDefinition> _jobs = [];

    public CronCatalog(IAgentWorkspace workspace, IOptions<AgentOptions> options, TimeProvider timeProvider, ILogger<CronCatalog> logger)
    {
        var timeZone = options.Value.TimeZone;
        _folders = new WorkspaceFolderWatcher<CronJobDefinition>(
            workspace,
            CronsFolder,
            CronFileName,
            "cron jobs",
            (path, name, text) => CronFileParser.Parse(path, name, text, timeZone),
            timeProvider,
            logger,
            OnReloaded);
    }

    public event EventHandler? Changed;

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
