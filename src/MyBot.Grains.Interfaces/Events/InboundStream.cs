namespace MyBot.Grains;

/// <summary>
/// The durable stream channels publish <see cref="InboundEvent"/>s to: one stream per conversation, its id the
/// EventSource string, consumed by the <see cref="ISessionGrain"/> of that key through an implicit subscription.
/// </summary>
public static class InboundStream
{
    /// <summary>The name of the persistent stream provider (file queues on the localhost silo, Azure queues in the cloud).</summary>
    public const string ProviderName = "inbound";

    public const string Namespace = "inbound";
}
