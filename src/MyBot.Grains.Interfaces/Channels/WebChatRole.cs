namespace MyBot.Grains;

[GenerateSerializer]
public enum WebChatRole
{
    User,
    Agent,
}
