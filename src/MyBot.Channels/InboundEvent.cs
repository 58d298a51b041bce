namespace MyBot.Channels;

/// <summary>A message from a user, as a channel accepted it.</summary>
/// <param name="Id">Deterministic where the platform gives a message id (see <see cref="CreateId"/>), so a redelivered message dedupes.</param>
/// <param name="PlatformMessageId">The platform's id of the message, used to reply to it.</param>
/// <param name="Kind">A message the bot cannot handle yet (photo, voice) still arrives, so the user gets told.</param>
public sealed record InboundEvent(
    string Id,
    EventSource Source,
    string Text,
    DateTimeOffset ReceivedAt,
    string? PlatformMessageId = null,
    InboundEventKind Kind = InboundEventKind.Message,
    string? SenderName = null)
{
    public static string CreateId(EventSource source, string platformMessageId) => $"{source}/{platformMessageId}";
}
