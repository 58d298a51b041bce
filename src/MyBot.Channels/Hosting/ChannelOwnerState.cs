namespace MyBot.Channels.Hosting;

/// <summary>The stored holder of a loop and the lease it was granted; written only when the holder changes, not on renewals.</summary>
[GenerateSerializer]
[Alias("mybot.channel-owner-state")]
internal sealed class ChannelOwnerState
{
    [Id(0)]
    public string? Owner { get; set; }

    [Id(1)]
    public TimeSpan Lease { get; set; }
}
