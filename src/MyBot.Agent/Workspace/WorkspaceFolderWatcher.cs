using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using MyBot.Agent.Agents;

namespace MyBot.Agent.Workspace;

/// <summary>
/// Loads <c>&lt;directory&gt;/&lt;name&gt;/&lt;file&gt;</c> for every folder of a workspace directory (agents, skills) and
/// reloads on change, without a restart.
/// </summary>
/// <remarks>
/// Editors save in several writes (truncate, write, rename), so a change is read after a short quiet period, and a file
/// that fails to read or parse keeps its last good version while the error is reported: a half-written file never
/// takes a working definition away.
/// </remarks>
/// <typeparam name="T">What one file describes.</typeparam>
public sealed partial class WorkspaceFolderWatcher<T> : IDisposable where T : class
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(200);

    private readonly string _fileName;
    private readonly string _kind;
    private readonly Func<string, string, string, T> _parse;
    private readonly Action<IReadOnlyDictionary<string, T>>? _reloaded;
    private readonly ILogger _logger;
    private readonly Lock _reloadGate = new();
    private readonly FileSystemWatcher _watcher;
    private readonly ITimer _reloadTimer;
    private Snapshot _snapshot = new(FrozenDictionary<string, T>.Empty, []);

    /// <param name="directory">Created when missing.</param>
    /// <param name="kind">What the folders hold, plural (<c>agents</c>, <c>skills</c>), for the log.</param>
    /// <param name="parse">Path, folder name and text to the definition; throws <see cref="WorkspaceFileException"/> on a bad file.</param>
    /// <param name="reloaded">Told the definitions after each reload.</param>
    public WorkspaceFolderWatcher(
        string directory,
        string fileName,
        string kind,
        Func<string, string, string, T> parse,
        TimeProvider timeProvider,
        ILogger logger,
        Action<IReadOnlyDictionary<string, T>>? reloaded = null)
    {
        Directory = directory;
        _fileName = fileName;
        _kind = kind;
        _parse = parse;
        _reloaded = reloaded;
        _logger = logger;
        System.IO.Directory.CreateDirectory(directory);
        _reloadTimer = timeProvider.CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Reload();

        _watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size };
        _watcher.Changed += OnChanged;
        _watcher.Created += OnChanged;
        _watcher.Deleted += OnChanged;
        _watcher.Renamed += OnChanged;
        _watcher.Error += (_, e) =>
        {
            Log.WatcherFailed(_logger, e.GetException(), _kind);
            ScheduleReload();
        };
        _watcher.EnableRaisingEvents = true;
    }

    public string Directory { get; }

    /// <summary>By folder name.</summary>
    public FrozenDictionary<string, T> Items => _snapshot.Items;

    public IReadOnlyList<WorkspaceLoadError> Errors => _snapshot.Errors;

    /// <summary>Reads every folder again; called after changes settle, and by tests that need it now.</summary>
    public void Reload()
    {
        lock (_reloadGate)
        {
            var previous = _snapshot;
            var items = new Dictionary<string, T>(StringComparer.Ordinal);
            var errors = new List<WorkspaceLoadError>();
            var retry = false;
            foreach (var folder in System.IO.Directory.EnumerateDirectories(Directory).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(folder);
                var path = Path.Combine(folder, _fileName);
                if (!AgentNames.IsValid(name))
                {
                    errors.Add(new WorkspaceLoadError(name, path, 0, $"{folder}: the folder name '{name}' is not a valid name (lowercase letters, digits, '-' and '_')."));
                    continue;
                }

                if (!File.Exists(path))
                {
                    continue;
                }

                try
                {
                    items[name] = _parse(path, name, File.ReadAllText(path));
                }
                catch (WorkspaceFileException e)
                {
                    errors.Add(new WorkspaceLoadError(name, path, e.Line, e.Message));
                    KeepLastGood(previous, name, items);
                }
                catch (IOException e)
                {
                    // Usually the editor still holds the file; read it again after the next quiet period.
                    errors.Add(new WorkspaceLoadError(name, path, 0, $"{path}: could not be read ({e.Message})."));
                    KeepLastGood(previous, name, items);
                    retry = true;
                }
            }

            _snapshot = new Snapshot(items.ToFrozenDictionary(StringComparer.Ordinal), errors);
            LogChanges(previous, _snapshot);
            _reloaded?.Invoke(_snapshot.Items);
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

    private static void KeepLastGood(Snapshot previous, string name, Dictionary<string, T> items)
    {
        if (previous.Items.TryGetValue(name, out var lastGood))
        {
            items[name] = lastGood;
        }
    }

    private void OnChanged(object sender, FileSystemEventArgs e) => ScheduleReload();

    private void ScheduleReload() => _reloadTimer.Change(QuietPeriod, Timeout.InfiniteTimeSpan);

    private void LogChanges(Snapshot previous, Snapshot current)
    {
        foreach (var error in current.Errors.Where(e => !previous.Errors.Contains(e)))
        {
            Log.Invalid(_logger, error.Name, _kind, error.Message);
        }

        if (!previous.Items.Keys.Order(StringComparer.Ordinal).SequenceEqual(current.Items.Keys.Order(StringComparer.Ordinal)))
        {
            Log.Loaded(_logger, current.Items.Count, _kind, string.Join(", ", current.Items.Keys.Order(StringComparer.Ordinal)));
        }
    }

    private sealed record Snapshot(FrozenDictionary<string, T> Items, IReadOnlyList<WorkspaceLoadError> Errors);

    private static partial class Log
    {
        [LoggerMessage(2, LogLevel.Information, "Loaded {Count} {Kind}: {Names}")]
        public static partial void Loaded(ILogger logger, int count, string kind, string names);

        [LoggerMessage(3, LogLevel.Error, "'{Name}' ({Kind}) is invalid and was not (re)loaded: {Problem}")]
        public static partial void Invalid(ILogger logger, string name, string kind, string problem);

        [LoggerMessage(5, LogLevel.Warning, "The {Kind} folder watcher failed; reloading")]
        public static partial void WatcherFailed(ILogger logger, Exception exception, string kind);
    }
}
