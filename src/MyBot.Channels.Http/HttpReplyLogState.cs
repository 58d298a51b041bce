namespace MyBot.Channels.Http;

/// <summary>The stored reply log of one source: the newest replies, oldest first, and the last sequence number handed out.</summary>
internal sealed class HttpReplyLogState
{
    public long LastSeq { get; set; }

    public List<HttpReply> Replies { get; set; } = [];
}
