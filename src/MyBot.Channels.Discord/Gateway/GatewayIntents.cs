namespace MyBot.Channels.Discord.Gateway;

[Flags]
public enum GatewayIntents
{
    None = 0,
    GuildMessages = 1 << 9,
    DirectMessages = 1 << 12,

    /// <summary>Privileged: without it guild message content arrives empty; a bot not allowed it is closed with 4014.</summary>
    MessageContent = 1 << 15,
}
