using System.Globalization;
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

    public async Task<SendResult> SendAsync(OutboundChunk chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var id = chunk.Count > 1 ? $"{chunk.OutboundId}/{chunk.Index}" : chunk.OutboundId;
        try
        {
            var seq = await grains.GetGrain<IHttpReplyLogGrain>(chunk.Source.ToString())
                .AppendAsync(id, chunk.Text, options.Value.ReplyLogCapacity)
                .WaitAsync(cancellationToken);
            return SendResult.Sent(seq.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return SendResult.Transient($"Storing the reply failed: {exception.Message}");
        }
    }

    public Task SendTypingAsync(EventSource source, CancellationToken cancellationToken) => Task.CompletedTask;
}
