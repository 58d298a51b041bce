using MyBot.Channels.Hosting;

namespace MyBot.Server.Health;

public sealed record HealthReport(string Status, IReadOnlyList<string> Problems, IReadOnlyList<ChannelStatus> Channels);
