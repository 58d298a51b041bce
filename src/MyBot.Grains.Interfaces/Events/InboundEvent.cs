namespace MyBot.Grains;

/// <summary>A message from a user, as a channel accepted it.</summary>
/// <param name="Id">Deterministic where the platform gives a message id (see <see cref="CreateId"/>), so a redelivered message dedupes.</param>
/// <param name="PlatformMessageId">The platform's id of the message, used to reply to it.</param>
/// <param name="TraceParent">The W3C trace context of the receive, carried across the stream so the turn joins the message's trace.</param>
/// <param name="Kind">A message the bot cannot handle yet (photo, voice) still arrives, so the user gets told.</param>
/// <param name="Agent">The agent that must answer, whatever the chat selected: a cron job's.</param>
[GenerateSerializer]
[Immutable]
[Alias("mybot.inbound-event")]
public sealed record InboundEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] EventSource Source,
    [property: Id(2)] string Text,
    [property: Id(3)] DateTimeOffset ReceivedAt,
    [property: Id(4)] string? PlatformMessageId = null,
    [property: Id(5)] InboundEventKind Kind = InboundEventKind.Message,
    [property: Id(6)] string? SenderName = null,
    [property: Id(7)] string? TraceParent = null,
    [property: Id(8)] string? Agent = null)
{
    public static string CreateId(EventSource source, string platformMessageId) => $"{source}/{platformMessageId}";
}
