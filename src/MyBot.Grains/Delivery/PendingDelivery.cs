using MyBot.Channels;

namespace MyBot.Agent.Delivery;

public sealed class PendingDelivery
{
    public required OutboundEvent Event { get; init; }

    /// <summary>The channel's chunks, fixed at the first attempt so a retry continues where it stopped.</summary>
    public List<string>? Chunks { get; set; }

    /// <summary>Chunks the platform accepted; never sent again.</summary>
    public int SentChunks { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? NotBefore { get; set; }

    public string? LastError { get; set; }

    /// <summary>Set on a reply retried from the dead letters, so failing again adds a letter instead of colliding with the one being retried.</summary>
    public string? DeadLetterId { get; set; }
}
