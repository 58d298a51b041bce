namespace MyBot.Api.Contracts.Channels;

/// <summary>One channel as the silo that answered sees it.</summary>
/// <param name="State"><c>pending</c>, <c>running</c>, <c>restarting</c>, <c>disabled</c> (not configured), <c>failed</c> (stopped for good), <c>completed</c> or <c>stopped</c>.</param>
/// <param name="Reason">Why it is off or restarting: the setting to provide, or the last error.</param>
/// <param name="Mode">How it receives messages: <c>polling</c>, <c>webhook</c>, <c>gateway</c>, <c>http</c>; null when the channel does not say.</param>
/// <param name="Owner">For a loop that runs once per cluster (Telegram polling, the Discord gateway): the process holding it now, null when none does.</param>
/// <param name="OwnedHere">Whether <paramref name="Owner"/> is the silo that answered.</param>
/// <param name="MessagesInLastHour">Messages this silo took in from the channel in the last hour.</param>
/// <param name="MessagesOutLastHour">Reply chunks this silo sent through the channel in the last hour.</param>
public sealed record ChannelReport(
    string Platform,
    string State,
    string? Reason,
    int Restarts,
    DateTimeOffset? NextStartAt,
    string? Mode,
    string? Owner,
    bool OwnedHere,
    long MessagesInLastHour,
    long MessagesOutLastHour);
