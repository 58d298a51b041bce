namespace MyBot.Channels.Discord.Gateway;

public sealed class RandomHeartbeatJitter : IHeartbeatJitter
{
    public double NextFraction() => Random.Shared.NextDouble();
}
