using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Agent.Tools;
using MyBot.Channels;

namespace MyBot.Agent.Agents;

/// <summary>
/// Loads <c>agents/&lt;name&gt;/AGENT.md</c> from the workspace and reloads on change, without a restart.
/// </summary>
/// <remarks>
/// Editors save in several writes (truncate, write, rename), so a change is read after a short quiet period, and a file
/// that fails to read or parse keeps its last good definition while the error is reported: a half-written file never
/// takes a working agent away.
/// </remarks>
public sealed partial class AgentCatalog : IAgentCatalog, IDisposable
{
    public const string AgentFileName = "AGENT.md";

    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(200);

    private readonly AgentOptions _options;
    private readonly IReadOnlySet<string> _knownTools;
    private readonly ILogger<AgentCatalog> _logger;
    private readonly AgentBindingRouter _router;
    private readonly Lock _reloadGate = new();
    private readonly FileSystemWatcher _watcher;
    private readonly ITimer _reloadTimer;
    private bool _defaultMissingLogged;
    private Snapshot _snapshot = new(FrozenDictionary<string, AgentDefinition>.Empty, []);

    public AgentCatalog(IOptions<AgentOptions> options, IToolRegistry tools, TimeProvider timeProvider, ILogger<AgentCatalog> logger)
    {
        _options = options.Value;
        _knownTools = tools.Names;
        _logger = logger;
        _router = new AgentBindingRouter(_options.Bindings);
        AgentsDirectory = Path.Combine(_options.ResolveWorkspace(), "agents");
        EnsureWorkspace();
        _reloadTimer = timeProvider.CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Reload();

        _watcher = new FileSystemWatcher(AgentsDirectory) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size };
        _watcher.Changed += OnChanged;
        _watcher.Created += OnChanged;
        _watcher.Deleted += OnChanged;
        _watcher.Renamed += OnChanged;
        _watcher.Error += (_, e) =>
        {
            Log.WatcherFailed(_logger, e.GetException());
            ScheduleReload();
        };
        _watcher.EnableRaisingEvents = true;
    }

    public string AgentsDirectory { get; }

    public IReadOnlyList<AgentDefinition> Agents => [.. _snapshot.Agents.Values.OrderBy(a => a.Name, StringComparer.Ordinal)];

    public IReadOnlyList<AgentLoadError> Errors => _snapshot.Errors;

    public AgentDefinition? Find(string name) => _snapshot.Agents.GetValueOrDefault(name.Trim().ToLowerInvariant());

    public AgentDefinition Resolve(EventSource source, string? selectedAgent)
    {
        var agents = _snapshot.Agents;
        if (selectedAgent is not null && agents.TryGetValue(selectedAgent, out var selected))
        {
            return selected;
        }

        if (_router.Route(source) is { } bound && agents.TryGetValue(bound, out var boundAgent))
        {
            return boundAgent;
        }

        return agents.GetValueOrDefault(_options.DefaultAgent) ?? DefaultAgentFile.Fallback(_options.DefaultAgent);
    }

    /// <summary>Reads every agent folder again; called after changes settle, and by tests that need it now.</summary>
    public void Reload()
    {
        lock (_reloadGate)
        {
            var previous = _snapshot;
            var agents = new Dictionary<string, AgentDefinition>(StringComparer.Ordinal);
            var errors = new List<AgentLoadError>();
            var retry = false;
            foreach (var folder in Directory.EnumerateDirectories(AgentsDirectory).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(folder);
                var path = Path.Combine(folder, AgentFileName);
                if (!AgentNames.IsValid(name))
                {
                    errors.Add(new AgentLoadError(name, path, 0, $"{folder}: the folder name '{name}' is not a valid agent name (lowercase letters, digits, '-' and '_')."));
                    continue;
                }

                if (!File.Exists(path))
                {
                    continue;
                }

                try
                {
                    agents[name] = AgentFileParser.Parse(path, name, File.ReadAllText(path), _knownTools);
                }
                catch (AgentDefinitionException e)
                {
                    errors.Add(new AgentLoadError(name, path, e.Line, e.Message));
                    KeepLastGood(previous, name, agents);
                }
                catch (IOException e)
                {
                    // Usually the editor still holds the file; read it again after the next quiet period.
                    errors.Add(new AgentLoadError(name, path, 0, $"{path}: could not be read ({e.Message})."));
                    KeepLastGood(previous, name, agents);
                    retry = true;
                }
            }

            _snapshot = new Snapshot(agents.ToFrozenDictionary(StringComparer.Ordinal), errors);
            LogChanges(previous, _snapshot);
            if (retry)
            {
                ScheduleReload();
            }
        }
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _reloadTimer.Dispose();
    }

    private static void KeepLastGood(Snapshot previous, string name, Dictionary<string, AgentDefinition> agents)
    {
        if (previous.Agents.TryGetValue(name, out var lastGood))
        {
            agents[name] = lastGood;
        }
    }

    private void EnsureWorkspace()
    {
        if (Directory.Exists(AgentsDirectory))
        {
            return;
        }

        var defaultFolder = Path.Combine(AgentsDirectory, _options.DefaultAgent);
        Directory.CreateDirectory(defaultFolder);
        File.WriteAllText(Path.Combine(defaultFolder, AgentFileName), DefaultAgentFile.Content(_options.DefaultAgent, _knownTools.Order(StringComparer.Ordinal)));
        Log.WorkspaceCreated(_logger, AgentsDirectory, _options.DefaultAgent);
    }

    private void OnChanged(object sender, FileSystemEventArgs e) => ScheduleReload();

    private void ScheduleReload() => _reloadTimer.Change(QuietPeriod, Timeout.InfiniteTimeSpan);

    private void LogChanges(Snapshot previous, Snapshot current)
    {
        foreach (var error in current.Errors.Where(e => !previous.Errors.Contains(e)))
        {
            Log.AgentInvalid(_logger, error.AgentName, error.Message);
        }

        var names = string.Join(", ", current.Agents.Keys.Order(StringComparer.Ordinal));
        if (!previous.Agents.Keys.Order(StringComparer.Ordinal).SequenceEqual(current.Agents.Keys.Order(StringComparer.Ordinal)))
        {
            Log.AgentsLoaded(_logger, current.Agents.Count, names);
        }

        var defaultMissing = !current.Agents.ContainsKey(_options.DefaultAgent);
        if (defaultMissing && !_defaultMissingLogged)
        {
            Log.DefaultAgentMissing(_logger, _options.DefaultAgent);
        }

        _defaultMissingLogged = defaultMissing;
    }

    private sealed record Snapshot(FrozenDictionary<string, AgentDefinition> Agents, IReadOnlyList<AgentLoadError> Errors);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Created the agent workspace {Directory} with the agent '{Agent}'")]
        public static partial void WorkspaceCreated(ILogger logger, string directory, string agent);

        [LoggerMessage(2, LogLevel.Information, "Loaded {Count} agents: {Names}")]
        public static partial void AgentsLoaded(ILogger logger, int count, string names);

        [LoggerMessage(3, LogLevel.Error, "Agent '{Agent}' is invalid and was not (re)loaded: {Problem}")]
        public static partial void AgentInvalid(ILogger logger, string agent, string problem);

        [LoggerMessage(4, LogLevel.Warning, "The default agent '{Agent}' is not loaded; the built-in assistant answers instead")]
        public static partial void DefaultAgentMissing(ILogger logger, string agent);

        [LoggerMessage(5, LogLevel.Warning, "The agent folder watcher failed; reloading")]
        public static partial void WatcherFailed(ILogger logger, Exception exception);
    }
}
