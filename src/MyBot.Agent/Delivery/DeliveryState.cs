namespace MyBot.Agent.Delivery;

public sealed class DeliveryState
{
    public List<PendingDelivery> Pending { get; set; } = [];

    /// <summary>Ids delivered recently, newest last: a replayed turn's reply is recognised and dropped.</summary>
    public List<string> Delivered { get; set; } = [];
}
