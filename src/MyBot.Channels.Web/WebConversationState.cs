namespace MyBot.Channels.Web;

/// <summary>The stored log of one browser conversation, oldest first, and how far a browser has acknowledged it.</summary>
[GenerateSerializer]
[Alias("mybot.web-conversation-state")]
internal sealed class WebConversationState
{
    [Id(0)]
    public long LastSeq { get; set; }

    [Id(1)]
    public long AcknowledgedSeq { get; set; }

    [Id(2)]
    public List<WebChatEntry> Entries { get; set; } = [];
}
