namespace MyBot.Channels.Hosting;

public enum ChannelState
{
    /// <summary>Registered, not started yet.</summary>
    Pending,

    Running,

    /// <summary>Crashed; waiting for its backoff before the next start.</summary>
    Restarting,

    /// <summary>Not configured (<see cref="IOptionalChannel"/>); never started.</summary>
    Disabled,

    /// <summary>Threw <see cref="ChannelFatalException"/>: stopped for good until the configuration is fixed.</summary>
    Failed,

    /// <summary>Returned from its run loop on its own; not restarted.</summary>
    Completed,

    Stopped,
}
