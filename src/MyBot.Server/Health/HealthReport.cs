using MyBot.Channels.Hosting;

namespace MyBot.Server.Health;

/// <param name="Warnings">What works but not fully (an LLM endpoint that fails its start-up check): the server is still ready.</param>
public sealed record HealthReport(string Status, IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings, IReadOnlyList<ChannelStatus> Channels);
