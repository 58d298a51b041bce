namespace MyBot.Grains.Delivery;

[GenerateSerializer]
[Alias("mybot.pending-delivery")]
public sealed class PendingDelivery
{
    [Id(0)]
    public required OutboundEvent Event { get; init; }

    /// <summary>The channel's chunks, fixed at the first attempt so a retry continues where it stopped.</summary>
    [Id(1)]
    public List<string>? Chunks { get; set; }

    /// <summary>Chunks the platform accepted; never sent again.</summary>
    [Id(2)]
    public int SentChunks { get; set; }

    [Id(3)]
    public int Attempts { get; set; }

    [Id(4)]
    public DateTimeOffset? NotBefore { get; set; }

    [Id(5)]
    public string? LastError { get; set; }

    /// <summary>Set on a reply retried from the dead letters, so failing again adds a letter instead of colliding with the one being retried.</summary>
    [Id(6)]
    public string? DeadLetterId { get; set; }

    /// <summary>Its way so far, for <c>mybot trace</c>; null when no traces are kept.</summary>
    [Id(7)]
    public DeliveryTrace? Trace { get; set; }
}
