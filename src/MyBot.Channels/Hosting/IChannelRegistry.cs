namespace MyBot.Channels.Hosting;

/// <summary>The registered channels, found by <see cref="IChannel.Platform"/> (the platform of an <see cref="EventSource"/>).</summary>
public interface IChannelRegistry
{
    IReadOnlyCollection<IChannel> Channels { get; }

    bool TryGet(string platform, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IChannel? channel);

    /// <summary>Throws <see cref="KeyNotFoundException"/> naming the platform and the registered ones.</summary>
    IChannel Get(string platform);
}
