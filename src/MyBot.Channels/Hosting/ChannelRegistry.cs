using System.Diagnostics.CodeAnalysis;

namespace MyBot.Channels.Hosting;

internal sealed class ChannelRegistry : IChannelRegistry
{
    private readonly Dictionary<string, IChannel> _byPlatform;

    public ChannelRegistry(IEnumerable<IChannel> channels)
    {
        _byPlatform = new Dictionary<string, IChannel>(StringComparer.Ordinal);
        foreach (var channel in channels)
        {
            if (!_byPlatform.TryAdd(channel.Platform, channel) && !ReferenceEquals(_byPlatform[channel.Platform], channel))
            {
                throw new InvalidOperationException(
                    $"Two channels claim the platform '{channel.Platform}': {_byPlatform[channel.Platform].GetType().Name} and {channel.GetType().Name}.");
            }
        }
    }

    public IReadOnlyCollection<IChannel> Channels => _byPlatform.Values;

    public bool TryGet(string platform, [NotNullWhen(true)] out IChannel? channel) => _byPlatform.TryGetValue(platform, out channel);

    public IChannel Get(string platform) =>
        TryGet(platform, out var channel)
            ? channel
            : throw new KeyNotFoundException($"No channel is registered for platform '{platform}'; registered: {string.Join(", ", _byPlatform.Keys.Order(StringComparer.Ordinal))}.");
}
