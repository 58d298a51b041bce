namespace MyBot.Grains;

/// <summary>One reply's way through its delivery grain: kept in the pending reply while it is sent, then among the grain's recent ones.</summary>
[GenerateSerializer]
[Alias("mybot.delivery-trace")]
public sealed class DeliveryTrace
{
    [Id(0)]
    public required string OutboundId { get; init; }

    /// <summary>The inbound event it answers, when it answers one.</summary>
    [Id(1)]
    public string? InReplyTo { get; init; }

    /// <summary>When the reply became durable in the delivery grain.</summary>
    [Id(2)]
    public DateTimeOffset EnqueuedAt { get; init; }

    [Id(3)]
    public int? Chunks { get; set; }

    /// <summary>Send attempts, oldest first; only the last <see cref="MaxSends"/> are kept, <see cref="SendCount"/> counts all.</summary>
    [Id(4)]
    public List<SendAttemptTrace> Sends { get; set; } = [];

    [Id(5)]
    public int SendCount { get; set; }

    [Id(6)]
    public DateTimeOffset? DeliveredAt { get; set; }

    [Id(7)]
    public DateTimeOffset? DeadLetteredAt { get; set; }

    /// <summary>A reply throttled for hours sends again and again; its first attempts say less than its last ones.</summary>
    public const int MaxSends = 20;

    public void AddSend(SendAttemptTrace send)
    {
        ArgumentNullException.ThrowIfNull(send);
        Sends.Add(send);
        SendCount++;
        if (Sends.Count > MaxSends)
        {
            Sends.RemoveAt(0);
        }
    }
}
