namespace MyBot.Agent.Workspace;

/// <summary>
/// Watches a workspace folder and its subfolders and calls back once changes have settled: editors save in several
/// writes (truncate, write, rename), so a change is read after a short quiet period.
/// </summary>
public sealed class WorkspaceWatcher : IDisposable
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(200);

    private readonly FileSystemWatcher _watcher;
    private readonly ITimer _timer;

    /// <param name="changed">Called on a timer thread after the quiet period.</param>
    /// <param name="watcherFailed">Told when the watcher lost events (its buffer overflowed); a reload follows.</param>
    public WorkspaceWatcher(string directory, TimeProvider timeProvider, Action changed, Action<Exception> watcherFailed)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timer = timeProvider.CreateTimer(_ => changed(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size };
        _watcher.Changed += OnChanged;
        _watcher.Created += OnChanged;
        _watcher.Deleted += OnChanged;
        _watcher.Renamed += OnChanged;
        _watcher.Error += (_, e) =>
        {
            watcherFailed(e.GetException());
            ScheduleReload();
        };
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Calls back after the quiet period, such as for a file the editor still held.</summary>
    public void ScheduleReload() => _timer.Change(QuietPeriod, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _watcher.Dispose();
        _timer.Dispose();
    }

    private void OnChanged(object sender, FileSystemEventArgs e) => ScheduleReload();
}
