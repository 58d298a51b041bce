namespace MyBot.Api.Contracts.Channels;

/// <summary><c>GET /api/admin/channels</c>: every channel, as seen by <paramref name="Silo"/> (states and counts are per silo).</summary>
public sealed record ChannelsOverview(string Silo, IReadOnlyList<ChannelReport> Channels);
