namespace MyBot.Channels.Hosting;

/// <summary>Leases for what must exist once per deployment (a Telegram poller, a Discord gateway connection).</summary>
public interface ISingletonLeaseProvider
{
    /// <summary>Returns null when another process holds it. The lease renews itself until disposed or lost.</summary>
    Task<ISingletonLease?> TryAcquireAsync(string name, CancellationToken cancellationToken);
}
