namespace MyBot.Channels.Discord.Rest;

/// <summary>A REST route as Discord rate-limits it: method plus path template, and the top-level resource (channel) it acts on.</summary>
public sealed record DiscordRoute(string Template, string? MajorId = null);
