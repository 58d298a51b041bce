namespace MyBot.Channels.Hosting;

/// <summary>A channel that tells the owner's console how it receives messages and whether that runs once per cluster.</summary>
public interface IDescribedChannel : IChannel
{
    /// <summary>e.g. <c>polling</c>, <c>webhook</c>, <c>gateway</c>, <c>http</c>.</summary>
    string ReceiveMode { get; }

    /// <summary>The <see cref="ISingletonLeaseProvider"/> name of its once-per-cluster loop; null when it receives on every silo.</summary>
    string? SingletonLeaseName { get; }
}
