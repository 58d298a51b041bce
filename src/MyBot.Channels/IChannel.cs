namespace MyBot.Channels;

/// <summary>A messaging platform: receives until stopped, and sends replies one chunk at a time.</summary>
/// <remarks>
/// The delivery grain asks <see cref="Format"/> once per reply, records the chunks, and sends them in order with
/// <see cref="SendAsync"/>, remembering each one that succeeded so a retry never repeats a chunk.
/// </remarks>
public interface IChannel
{
    /// <summary>The platform name used in <see cref="EventSource.Platform"/>, e.g. <c>telegram</c>.</summary>
    string Platform { get; }

    /// <summary>
    /// Receives messages until <paramref name="stoppingToken"/> fires. Throwing <see cref="ChannelFatalException"/>
    /// stops the channel for good (bad token); any other exception restarts it with backoff.
    /// </summary>
    Task RunAsync(IInboundPublisher publisher, CancellationToken stoppingToken);

    /// <summary>Renders the agent's Markdown for the platform and splits it into chunks the platform accepts. Deterministic.</summary>
    IReadOnlyList<string> Format(string markdown);

    Task<SendResult> SendAsync(OutboundChunk chunk, CancellationToken cancellationToken);

    /// <summary>Shows "typing…" to the user while the agent works; best effort.</summary>
    Task SendTypingAsync(EventSource source, CancellationToken cancellationToken);
}
