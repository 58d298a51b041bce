using MyBot.Channels.Discord.Rest;

namespace MyBot.Channels.Discord.Gateway;

/// <summary>Receives gateway events one at a time, in order. Throwing stops the gateway run (the channel restarts it).</summary>
public interface IGatewayEventHandler
{
    Task OnReadyAsync(DiscordReady ready, CancellationToken cancellationToken);

    Task OnMessageCreatedAsync(DiscordMessage message, CancellationToken cancellationToken);
}
