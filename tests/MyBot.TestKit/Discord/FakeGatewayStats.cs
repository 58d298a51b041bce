namespace MyBot.TestKit.Discord;

/// <summary>Counters of what clients did on the fake gateway.</summary>
public sealed record FakeGatewayStats(int Connections, int Identifies, int Resumes, int Heartbeats, int? LastClientCloseCode);
