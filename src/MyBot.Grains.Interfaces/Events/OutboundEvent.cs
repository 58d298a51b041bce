namespace MyBot.Grains;

/// <summary>A reply or a message on the agent's own initiative, on its way to a user.</summary>
/// <param name="Id">Derived from the inbound id and the reply's index (see <see cref="CreateId"/>), so a replayed turn dedupes.</param>
/// <param name="InReplyTo">The inbound event id, when it answers one.</param>
/// <param name="ReplyToPlatformMessageId">The platform message the first chunk replies to.</param>
/// <param name="InReplyToAt">When the user's message arrived: a reply delivered much later says so.</param>
/// <param name="TraceParent">The W3C trace context of the turn that made it, so the sends join the message's trace.</param>
[GenerateSerializer]
[Immutable]
[Alias("mybot.outbound-event")]
public sealed record OutboundEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] EventSource Source,
    [property: Id(2)] string Text,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] string? InReplyTo = null,
    [property: Id(5)] string? ReplyToPlatformMessageId = null,
    [property: Id(6)] DateTimeOffset? InReplyToAt = null,
    [property: Id(7)] string? TraceParent = null)
{
    public static string CreateId(string inboundId, int index) => $"{inboundId}#out{index}";
}
