using MyBot.Channels.Discord.Gateway;

namespace MyBot.Channels.Discord.Tests.Support;

internal sealed class FixedJitter(double fraction) : IHeartbeatJitter
{
    public double NextFraction() => fraction;
}
