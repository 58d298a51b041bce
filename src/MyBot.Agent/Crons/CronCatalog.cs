using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Workspace;

namespace MyBot.Agent.Crons;

/// <summary>
/// Loads <c>crons/&lt;name&gt;/CRON.md</c> from the workspace and reloads on change, as the agents are: a file that
/// fails to read or parse keeps its job's last good definition while the error is reported.
/// </summary>
public sealed partial class CronCatalog : ICronCatalog, IDisposable
{
    public const string CronFileName = "CRON.md";

    private readonly AgentOptions _options;
    private readonly ILogger<CronCatalog> _logger;
    private readonly Lock _reloadGate = new();
    private readonly WorkspaceWatcher _watcher;
    private Snapshot _snapshot = new([], []);

    public CronCatalog(IOptions<AgentOptions> options, TimeProvider timeProvider, ILogger<CronCatalog> logger)
    {
        _options = options.Value;
        _logger = logger;
        CronsDirectory = Path.Combine(_options.ResolveWorkspace(), "crons");
        Directory.CreateDirectory(CronsDirectory);
        _watcher = new WorkspaceWatcher(CronsDirectory, timeProvider, Reload, e => Log.WatcherFailed(_logger, e));
        Reload();
    }

    public event EventHandler? Changed;

    public string CronsDirectory { get; }

    public IReadOnlyList<CronJobDefinition> Jobs => _snapshot.Jobs;

    public IReadOnlyList<CronLoadError> Errors => _snapshot.Errors;

    /// <summary>Reads every job folder again; called after changes settle, and by tests that need it now.</summary>
    public void Reload()
    {
        bool changed;
        lock (_reloadGate)
        {
            var previous = _snapshot;
            var jobs = new List<CronJobDefinition>();
            var errors = new List<CronLoadError>();
            var retry = false;
            foreach (var folder in Directory.EnumerateDirectories(CronsDirectory).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(folder);
                var path = Path.Combine(folder, CronFileName);
                if (!AgentNames.IsValid(name))
                {
                    errors.Add(new CronLoadError(name, path, 0, $"{folder}: the folder name '{name}' is not a valid job name (lowercase letters, digits, '-' and '_')."));
                    continue;
                }

                if (!File.Exists(path))
                {
                    continue;
                }

                try
                {
                    jobs.Add(CronFileParser.Parse(path, name, File.ReadAllText(path), _options.TimeZone));
                }
                catch (CronDefinitionException e)
                {
                    errors.Add(new CronLoadError(name, path, e.Line, e.Message));
                    jobs.AddRange(previous.Jobs.Where(j => j.Name == name));
                }
                catch (IOException e)
                {
                    // Usually the editor still holds the file; read it again after the next quiet period.
                    errors.Add(new CronLoadError(name, path, 0, $"{path}: could not be read ({e.Message})."));
                    jobs.AddRange(previous.Jobs.Where(j => j.Name == name));
                    retry = true;
                }
            }

            _snapshot = new Snapshot(jobs, errors);
            foreach (var error in errors.Where(e => !previous.Errors.Contains(e)))
            {
                Log.JobInvalid(_logger, error.JobName, error.Message);
            }

            changed = !previous.Jobs.SequenceEqual(jobs);
            if (changed)
            {
                Log.JobsLoaded(_logger, jobs.Count, string.Join(", ", jobs.Select(j => j.Name)));
            }

            if (retry)
            {
                _watcher.ScheduleReload();
            }
        }

        if (changed)
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }

    public void Dispose() => _watcher.Dispose();

    private sealed record Snapshot(IReadOnlyList<CronJobDefinition> Jobs, IReadOnlyList<CronLoadError> Errors);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Loaded {Count} cron jobs: {Names}")]
        public static partial void JobsLoaded(ILogger logger, int count, string names);

        [LoggerMessage(2, LogLevel.Error, "Cron job '{Job}' is invalid and was not (re)loaded: {Problem}")]
        public static partial void JobInvalid(ILogger logger, string job, string problem);

        [LoggerMessage(3, LogLevel.Warning, "The cron folder watcher failed; reloading")]
        public static partial void WatcherFailed(ILogger logger, Exception exception);
    }
}
