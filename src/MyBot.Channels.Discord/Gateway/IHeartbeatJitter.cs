namespace MyBot.Channels.Discord.Gateway;

/// <summary>The random source for the first heartbeat's offset and the wait before re-identifying; tests pin it.</summary>
public interface IHeartbeatJitter
{
    /// <summary>A number in [0, 1).</summary>
    double NextFraction();
}
