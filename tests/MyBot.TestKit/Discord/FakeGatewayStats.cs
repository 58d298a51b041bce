namespace MyBot.TestKit.Discord;

/// <summary>Counters of what clients did on the fake gateway.</summary>
/// <param name="ResumeUrlConnections">Connections made to the <c>resume_gateway_url</c> READY gave.</param>
public sealed record FakeGatewayStats(int Connections, int ResumeUrlConnections, int Identifies, int Resumes, int Heartbeats, int? LastClientCloseCode);
