namespace MyBot.Channels;

/// <summary>A reply or a message on the agent's own initiative, on its way to a user.</summary>
/// <param name="Id">Derived from the inbound id and the reply's index (see <see cref="CreateId"/>), so a replayed turn dedupes.</param>
/// <param name="InReplyTo">The inbound event id, when it answers one.</param>
/// <param name="ReplyToPlatformMessageId">The platform message the first chunk replies to.</param>
/// <param name="InReplyToAt">When the user's message arrived: a reply delivered much later says so.</param>
public sealed record OutboundEvent(
    string Id,
    EventSource Source,
    string Text,
    DateTimeOffset CreatedAt,
    string? InReplyTo = null,
    string? ReplyToPlatformMessageId = null,
    DateTimeOffset? InReplyToAt = null)
{
    public static string CreateId(string inboundId, int index) => $"{inboundId}#out{index}";
}
