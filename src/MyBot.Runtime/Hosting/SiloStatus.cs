namespace MyBot.Runtime.Hosting;

/// <summary>Whether the runtime is serving, for readiness probes.</summary>
public sealed class SiloStatus
{
    private volatile bool _started;

    public bool Started => _started;

    internal void MarkStarted() => _started = true;

    internal void MarkStopping() => _started = false;
}
