namespace MyBot.Channels.Hosting;

public interface ISingletonLease : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Fires when the lease was lost (renewal failed); the holder must stop what it guards.</summary>
    CancellationToken Lost { get; }
}
