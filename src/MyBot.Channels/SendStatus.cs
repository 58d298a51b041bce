namespace MyBot.Channels;

public enum SendStatus
{
    Sent,
    Transient,
    Permanent,
}
