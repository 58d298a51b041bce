using MyBot.Channels.Discord.Rest;

namespace MyBot.Channels.Discord.Gateway;

/// <summary>The READY dispatch: a fresh session, so events from before it may have been missed.</summary>
public sealed record DiscordReady(DiscordUser User, string SessionId, string ResumeGatewayUrl);
