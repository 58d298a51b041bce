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

    /// <summary>The holder's silo: once the cluster declares it dead, the holder cannot be running any more.</summary>
    [Id(2)]
    public SiloAddress? Silo { get; set; }
}
