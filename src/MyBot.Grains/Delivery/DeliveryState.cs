namespace MyBot.Agent.Delivery;

public sealed class DeliveryState
{
    public List<PendingDelivery> Pending { get; set; } = [];

    /// <summary>Ids delivered recently, newest last: a replayed turn's reply is recognised and dropped.</summary>
    public List<string> Delivered { get; set; } = [];

    /// <summary>Retry ids of dead letters queued again, newest last: a replayed retry request is recognised and dropped.</summary>
    public List<string> Redelivered { get; set; } = [];
}
