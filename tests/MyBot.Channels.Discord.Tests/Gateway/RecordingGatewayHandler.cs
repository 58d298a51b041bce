using System.Collections.Concurrent;
using MyBot.Channels.Discord.Gateway;
using MyBot.Channels.Discord.Rest;

namespace MyBot.Channels.Discord.Tests.Gateway;

internal sealed class RecordingGatewayHandler : IGatewayEventHandler
{
    private readonly ConcurrentQueue<DiscordReady> _readies = new();
    private readonly ConcurrentQueue<DiscordMessage> _messages = new();

    public IReadOnlyList<DiscordReady> Readies => [.. _readies];

    public IReadOnlyList<DiscordMessage> Messages => [.. _messages];

    public Task OnReadyAsync(DiscordReady ready, CancellationToken cancellationToken)
    {
        _readies.Enqueue(ready);
        return Task.CompletedTask;
    }

    public Task OnMessageCreatedAsync(DiscordMessage message, CancellationToken cancellationToken)
    {
        _messages.Enqueue(message);
        return Task.CompletedTask;
    }
}
