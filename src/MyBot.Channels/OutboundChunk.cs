namespace MyBot.Channels;

/// <param name="ReplyToPlatformMessageId">Set on the first chunk of a reply only.</param>
public sealed record OutboundChunk(EventSource Source, string OutboundId, int Index, int Count, string Text, string? ReplyToPlatformMessageId);
