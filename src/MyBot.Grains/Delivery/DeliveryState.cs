namespace MyBot.Grains.Delivery;

[GenerateSerializer]
[Alias("mybot.delivery-state")]
public sealed class DeliveryState
{
    [Id(0)]
    public List<PendingDelivery> Pending { get; set; } = [];

    /// <summary>Ids delivered recently, newest last: a replayed turn's reply is recognised and dropped.</summary>
    [Id(1)]
    public List<string> Delivered { get; set; } = [];

    /// <summary>Retry ids of dead letters queued again, newest last: a replayed retry request is recognised and dropped.</summary>
    [Id(2)]
    public List<string> Redelivered { get; set; } = [];

    /// <summary>The way of the recent replies that left <see cref="Pending"/>, oldest first; bounded by <c>MyBot:Telemetry:TracedMessages</c>.</summary>
    [Id(3)]
    public List<DeliveryTrace> Traces { get; set; } = [];
}
