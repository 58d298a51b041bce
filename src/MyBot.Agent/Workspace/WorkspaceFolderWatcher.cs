using System.Collections.Frozen;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using MyBot.Agent.Agents;

namespace MyBot.Agent.Workspace;

/// <summary>
/// Loads <c>&lt;folder&gt;/&lt;name&gt;/&lt;file&gt;</c> for every sub-folder of a workspace folder (agents, skills) and
/// reloads when the workspace's watch token for it fires, without a restart.
/// </summary>
/// <remarks>
/// Editors save in several writes (truncate, write, rename), so a change is read after a short quiet period, and a file
/// that fails to read or parse keeps its last good version while the error is reported: a half-written file never
/// takes a working definition away. A missing folder is no error: it holds nothing yet, and is watched all the same.
/// </remarks>
/// <typeparam name="T">What one file describes.</typeparam>
public sealed partial class WorkspaceFolderWatcher<T> : IDisposable where T : class
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(200);

    private readonly IAgentWorkspace _workspace;
    private readonly string _folder;
    private readonly string _fileName;
    private readonly string _kind;
    private readonly Func<string, string, string, T> _parse;
    private readonly Action<IReadOnlyDictionary<string, T>>? _reloaded;
    private readonly ILogger _logger;
    private readonly Lock _reloadGate = new();
    private readonly ITimer _reloadTimer;
    private readonly IDisposable _folderChanges;
    private readonly IDisposable _contentChanges;
    private Snapshot _snapshot = new(FrozenDictionary<string, T>.Empty, []);

    /// <param name="folder">The workspace path of the folder (<c>agents</c>, <c>skills</c>).</param>
    /// <param name="kind">What the folders hold, plural (<c>agents</c>, <c>skills</c>), for the log.</param>
    /// <param name="parse">Path (as <see cref="IAgentWorkspace.Locate"/> gives it), folder name and text to the definition; throws <see cref="WorkspaceFileException"/> on a bad file.</param>
    /// <param name="reloaded">Told the definitions after each reload.</param>
    public WorkspaceFolderWatcher(
        IAgentWorkspace workspace,
        string folder,
        string fileName,
        string kind,
        Func<string, string, string, T> parse,
        TimeProvider timeProvider,
        ILogger logger,
        Action<IReadOnlyDictionary<string, T>>? reloaded = null)
    {
        _workspace = workspace;
        _folder = folder;
        _fileName = fileName;
        _kind = kind;
        _parse = parse;
        _reloaded = reloaded;
        _logger = logger;
        _reloadTimer = timeProvider.CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        // Watching before the first read: a change made while it runs fires the token and is read again. The folder
        // itself is watched too: created with its first sub-folder in one go (mkdir -p), the file system reports the
        // folder only, as it starts watching inside it after the sub-folder is there. Two subscriptions rather than one
        // CompositeChangeToken: one change fires both tokens at once, on two threads, and a CompositeChangeToken whose
        // tokens fire like that while it registers deadlocks (dotnet/runtime#43438); it hung a silo activating a grain
        // that needed this catalog.
        _folderChanges = ChangeToken.OnChange(() => _workspace.Files.Watch(_folder), ScheduleReload);
        _contentChanges = ChangeToken.OnChange(() => _workspace.Files.Watch(_folder + "/**"), ScheduleReload);
        Reload();
    }

    /// <summary>By folder name.</summary>
    public FrozenDictionary<string, T> Items => _snapshot.Items;

    public IReadOnlyList<WorkspaceLoadError> Errors => _snapshot.Errors;

    /// <summary>Reads every folder again; called after changes settle, and by tests that need it now.</summary>
    public void Reload()
    {
        lock (_reloadGate)
        {
            var previous = _snapshot;
            var files = _workspace.Files;
            var items = new Dictionary<string, T>(StringComparer.Ordinal);
            var errors = new List<WorkspaceLoadError>();
            var retry = false;
            foreach (var name in files.GetDirectoryContents(_folder).Where(entry => entry.IsDirectory).Select(entry => entry.Name).Order(StringComparer.Ordinal))
            {
                var folder = $"{_folder}/{name}";
                var path = _workspace.Locate($"{folder}/{_fileName}");
                if (!AgentNames.IsValid(name))
                {
                    errors.Add(new WorkspaceLoadError(name, path, 0, $"{_workspace.Locate(folder)}: the folder name '{name}' is not a valid name (lowercase letters, digits, '-' and '_')."));
                    continue;
                }

                var file = files.GetFileInfo($"{folder}/{_fileName}");
                if (!file.Exists)
                {
                    continue;
                }

                try
                {
                    items[name] = _parse(path, name, ReadText(file));
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
        _folderChanges.Dispose();
        _contentChanges.Dispose();
        _reloadTimer.Dispose();
    }

    private static string ReadText(IFileInfo file)
    {
        using var reader = new StreamReader(file.CreateReadStream());
        return reader.ReadToEnd();
    }

    private static void KeepLastGood(Snapshot previous, string name, Dictionary<string, T> items)
    {
        if (previous.Items.TryGetValue(name, out var lastGood))
        {
            items[name] = lastGood;
        }
    }

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
    }
}
