namespace MyBot.Channels.Hosting;

/// <param name="LastError">The message of the last failure; never holds a secret (channels put none in exceptions).</param>
public sealed record ChannelStatus(string Platform, ChannelState State, int Restarts, string? LastError, DateTimeOffset? NextStartAt);
