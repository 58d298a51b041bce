namespace MyBot.Channels.Hosting;

/// <summary>A channel that can be left unconfigured (no bot token): the host then does not start it and logs why, once.</summary>
public interface IOptionalChannel : IChannel
{
    bool IsEnabled { get; }

    /// <summary>Names the setting to provide, never a value; read when <see cref="IsEnabled"/> is false.</summary>
    string DisabledReason { get; }
}
