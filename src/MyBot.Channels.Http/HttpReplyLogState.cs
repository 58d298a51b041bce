namespace MyBot.Channels.Http;

/// <summary>The stored reply log of one source: the newest replies, oldest first, and the last sequence number handed out.</summary>
[GenerateSerializer]
[Alias("mybot.http-reply-log-state")]
internal sealed class HttpReplyLogState
{
    [Id(0)]
    public long LastSeq { get; set; }

    [Id(1)]
    public List<HttpReply> Replies { get; set; } = [];
}
