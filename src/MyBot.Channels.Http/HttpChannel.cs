using Microsoft.Extensions.Options;
using MyBot.Channels.Hosting;

namespace MyBot.Channels.Http;

/// <summary>
/// The channel for scripts, the CLI and tests: messages arrive through <c>POST /api/messages</c> and replies are kept in
/// a durable per-source log (<see cref="IHttpReplyLogGrain"/>) that clients long-poll with <c>GET /api/messages</c>.
/// </summary>
public sealed class HttpChannel(IGrainFactory grains, IOptions<HttpApiOptions> options) : IDescribedChannel
{
    public const string PlatformName = "http";

    public string Platform => PlatformName;

    public string ReceiveMode => "http";

    public string? SingletonLeaseName => null;

    /// <summary>Messages arrive through the endpoints, so there is nothing to receive; this only marks the channel as running.</summary>
    public Task RunAsync(IInboundPublisher publisher, CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);

    public IReadOnlyList<string> Format(string markdown) => [markdown];

    public Task<SendResult> SendAsync(OutboundChunk chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var log = grains.GetGrain<IHttpReplyLogGrain>(chunk.Source.ToString());
        return StoredReplies.SendAsync(chunk, id => log.AppendAsync(id, chunk.Text, options.Value.ReplyLogCapacity), cancellationToken);
    }

    public Task SendTypingAsync(EventSource source, CancellationToken cancellationToken) => Task.CompletedTask;
}
