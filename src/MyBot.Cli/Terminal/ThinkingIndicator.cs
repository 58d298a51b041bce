namespace MyBot.Cli.Terminal;

/// <summary>Shows that the agent is working: a spinner with the seconds waited on a terminal, one line when redirected.</summary>
public sealed class ThinkingIndicator : IAsyncDisposable
{
    private static readonly string[] Frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    private readonly TextWriter _writer;
    private readonly bool _animated;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private bool _visible;

    private ThinkingIndicator(TextWriter writer, bool animated, TimeProvider timeProvider)
    {
        _writer = writer;
        _animated = animated;
        _timeProvider = timeProvider;
        _loop = animated ? AnimateAsync() : Task.CompletedTask;
        if (!animated)
        {
            writer.WriteLine("thinking…");
        }
    }

    public static ThinkingIndicator Start(TextWriter writer, bool animated, TimeProvider timeProvider) => new(writer, animated, timeProvider);

    /// <summary>Removes the spinner so a reply can be printed; it comes back on the next tick.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            if (_visible)
            {
                _writer.Write("\r\u001b[2K");
                _writer.Flush();
                _visible = false;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Clear();
        _stop.Dispose();
    }

    private async Task AnimateAsync()
    {
        var started = _timeProvider.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100), _timeProvider);
        var frame = 0;
        try
        {
            do
            {
                var seconds = (int)_timeProvider.GetElapsedTime(started).TotalSeconds;
                lock (_gate)
                {
                    _writer.Write($"\r{Frames[frame++ % Frames.Length]} thinking… {seconds}s");
                    _writer.Flush();
                    _visible = true;
                }
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
            return;
        }
    }
}
