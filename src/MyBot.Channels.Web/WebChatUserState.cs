namespace MyBot.Channels.Web;

[GenerateSerializer]
[Alias("mybot.web-chat-user-state")]
internal sealed class WebChatUserState
{
    [Id(0)]
    public List<WebConversationSummary> Conversations { get; set; } = [];
}
