using MyBot.Grains;

namespace MyBot.Server.Admin;

/// <summary>One message's way, from the records its session and delivery grains keep: the answer of <c>GET /api/admin/trace/{eventId}</c>.</summary>
/// <param name="Session">Accepted, each turn attempt with its LLM calls, answered or dead-lettered; null when the session keeps no record of it.</param>
/// <param name="Deliveries">Each reply to it with its send attempts.</param>
public sealed record MessageTraceReport(string EventId, string Source, MessageTrace? Session, IReadOnlyList<DeliveryTrace> Deliveries);
