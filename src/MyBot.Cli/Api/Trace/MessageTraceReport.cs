namespace MyBot.Cli;

/// <summary>The server's answer to <c>GET /api/admin/trace/{eventId}</c>.</summary>
public sealed record MessageTraceReport(string EventId, string Source, SessionTrace? Session, IReadOnlyList<DeliveryTrace> Deliveries);
