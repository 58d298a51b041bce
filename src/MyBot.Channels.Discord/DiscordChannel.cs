using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Channels.Access;
using MyBot.Channels.Discord.Gateway;
using MyBot.Channels.Discord.Rest;
using MyBot.Channels.Hosting;

namespace MyBot.Channels.Discord;

/// <summary>
/// Discord as a channel: the gateway (held by one process per deployment through a singleton lease) brings messages in,
/// REST sends the replies. Event source <c>discord:&lt;user_id&gt;:&lt;channel_id&gt;</c>.
/// </summary>
public sealed partial class DiscordChannel(
    DiscordRestClient rest,
    DiscordGatewayClient gateway,
    IGrainFactory grains,
    ChannelAccessGate access,
    ISingletonLeaseProvider leases,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<DiscordChannel> logger) : IOptionalChannel, IDescribedChannel, IAccessControlledChannel
{
    public const string PlatformName = "discord";

    public const string GatewayLeaseName = "discord-gateway";

    public const int MessageLimit = 2000;

    private const int BackfillPageSize = 100;
    private static readonly TimeSpan LeaseRetry = TimeSpan.FromSeconds(5);

    public string Platform => PlatformName;

    private IDiscordDirectChannelsGrain DirectChannels => grains.GetGrain<IDiscordDirectChannelsGrain>(IDiscordDirectChannelsGrain.Key);

    public bool IsEnabled => options.Value.IsConfigured;

    public string DisabledReason => $"{DiscordOptions.BotTokenKey} is not set";

    public string ReceiveMode => "gateway";

    public string? SingletonLeaseName => GatewayLeaseName;

    public AccessSettings Access => options.Value.Access;

    public async Task RunAsync(IInboundPublisher publisher, CancellationToken stoppingToken)
    {
        var waitingLogged = false;
        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            var lease = await leases.TryAcquireAsync(GatewayLeaseName, stoppingToken).ConfigureAwait(false);
            if (lease is null)
            {
                if (!waitingLogged)
                {
                    Log.LeaseHeldElsewhere(logger);
                    waitingLogged = true;
                }

                await Task.Delay(LeaseRetry, time, stoppingToken).ConfigureAwait(false);
                continue;
            }

            waitingLogged = false;
            await using (lease.ConfigureAwait(false))
            {
                using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
                try
                {
                    await gateway.RunAsync(new GatewayHandler(this, publisher), run.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (lease.Lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
                {
                    Log.LeaseLost(logger);
                }
            }
        }
    }

    public IReadOnlyList<string> Format(string markdown) => DiscordMarkdown.Format(markdown, MessageLimit);

    public async Task<SendResult> SendAsync(OutboundChunk chunk, CancellationToken cancellationToken)
    {
        if (chunk.Source.ChatId is not { } channelId)
        {
            return SendResult.Permanent($"Event source {chunk.Source} names no Discord channel.");
        }

        var replyTo = chunk.Index == 0 ? chunk.ReplyToPlatformMessageId : null;
        return await rest.CreateMessageAsync(channelId, chunk.Text, replyTo, Nonce(chunk), cancellationToken).ConfigureAwait(false);
    }

    public async Task SendTypingAsync(EventSource source, CancellationToken cancellationToken)
    {
        if (source.ChatId is { } channelId)
        {
            await rest.TriggerTypingAsync(channelId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Fixed per chunk, so a chunk sent again after a crash is recognised by Discord (<c>enforce_nonce</c>) and not posted twice.</summary>
    internal static string Nonce(OutboundChunk chunk) =>
        XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"{chunk.OutboundId}/{chunk.Index}")).ToString("x16", CultureInfo.InvariantCulture);

    private static bool AddressesBot(DiscordMessage message, string botUserId) =>
        message.Mentions?.Any(user => user.Id == botUserId) == true || message.ReferencedMessage?.Author.Id == botUserId;

    private static string WithoutBotMention(string content, string botUserId) =>
        content.Replace($"<@{botUserId}>", string.Empty, StringComparison.Ordinal).Replace($"<@!{botUserId}>", string.Empty, StringComparison.Ordinal).Trim();

    /// <summary>Hands a user's message to the agent if it is for the bot; DMs are remembered for backfill.</summary>
    private async Task<bool> AcceptAsync(DiscordMessage message, string botUserId, bool isDirect, IInboundPublisher publisher, CancellationToken cancellationToken)
    {
        if (!message.IsUserMessage || message.Author.Id == botUserId || message.Author.IsBot)
        {
            return false;
        }

        if (!isDirect && !AddressesBot(message, botUserId))
        {
            return false;
        }

        var text = WithoutBotMention(message.Content ?? string.Empty, botUserId);
        var kind = InboundEventKind.Message;
        if (text.Length == 0)
        {
            var what = message.Attachments is { Count: > 0 } attachments
                ? $"[attachment: {string.Join(", ", attachments.Select(a => a.Filename))}]"
                : message.StickerItems is { Count: > 0 } stickers ? $"[sticker: {stickers[0].Name}]" : null;
            if (what is null)
            {
                return false;
            }

            text = what;
            kind = InboundEventKind.Unsupported;
        }

        var source = new EventSource(PlatformName, message.Author.Id, message.ChannelId);
        var decision = await access.CheckAsync(options.Value.Access, source, message.Author.GlobalName, [message.Author.Username], cancellationToken)
            .ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            Log.NotAllowed(logger, source.ToString(), decision.Outcome);
            var answer = await rest.CreateMessageAsync(message.ChannelId, decision.Reply!, message.Id, $"access-{message.Id}", cancellationToken).ConfigureAwait(false);
            if (answer.Status != SendStatus.Sent)
            {
                Log.AccessReplyFailed(logger, source.ToString(), answer.Error);
            }

            return false;
        }

        if (isDirect)
        {
            await DirectChannels.EnsureKnownAsync(message.ChannelId, message.Author.Id, message.Id).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var inbound = new InboundEvent(
            InboundEvent.CreateId(source, message.Id),
            source,
            text,
            message.Timestamp == default ? time.GetUtcNow() : message.Timestamp,
            message.Id,
            kind,
            message.Author.GlobalName ?? message.Author.Username);
        await publisher.PublishAsync(inbound, cancellationToken).ConfigureAwait(false);
        Log.Published(logger, inbound.Id, isDirect);

        if (isDirect)
        {
            await DirectChannels.RecordAsync(message.ChannelId, message.Author.Id, message.Id).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>After a fresh IDENTIFY nothing replays what arrived meanwhile; the known DM channels' histories do.</summary>
    private async Task BackfillAsync(string botUserId, IInboundPublisher publisher, CancellationToken cancellationToken)
    {
        foreach (var channel in await DirectChannels.GetAllAsync().WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            var published = 0;
            var after = channel.LastMessageId;
            try
            {
                while (true)
                {
                    var page = await rest.GetMessagesAfterAsync(channel.ChannelId, after, BackfillPageSize, cancellationToken).ConfigureAwait(false);
                    foreach (var message in page)
                    {
                        if (await AcceptAsync(message, botUserId, isDirect: true, publisher, cancellationToken).ConfigureAwait(false))
                        {
                            published++;
                        }
                    }

                    if (page.Count < BackfillPageSize)
                    {
                        break;
                    }

                    after = page[^1].Id;
                }
            }
            catch (DiscordApiException exception)
            {
                Log.BackfillFailed(logger, channel.ChannelId, exception.Message);
            }

            if (published > 0)
            {
                Log.Backfilled(logger, published, channel.ChannelId);
            }
        }
    }

    private sealed class GatewayHandler(DiscordChannel channel, IInboundPublisher publisher) : IGatewayEventHandler
    {
        private string? _botUserId;

        public Task OnReadyAsync(DiscordReady ready, CancellationToken cancellationToken)
        {
            _botUserId = ready.User.Id;
            return channel.BackfillAsync(ready.User.Id, publisher, cancellationToken);
        }

        public Task OnMessageCreatedAsync(DiscordMessage message, CancellationToken cancellationToken) =>
            _botUserId is { } botUserId
                ? channel.AcceptAsync(message, botUserId, isDirect: message.GuildId is null, publisher, cancellationToken)
                : Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Discord message from {Source} not let in: {Outcome}")]
        public static partial void NotAllowed(ILogger logger, string source, AccessOutcome outcome);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Discord access answer to {Source} failed: {Reason}")]
        public static partial void AccessReplyFailed(ILogger logger, string source, string? reason);

        [LoggerMessage(Level = LogLevel.Information, Message = "Discord gateway lease is held by another process; this one sends replies only")]
        public static partial void LeaseHeldElsewhere(ILogger logger);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Discord gateway lease lost; disconnecting until it is reacquired")]
        public static partial void LeaseLost(ILogger logger);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Discord message published as {InboundId} (direct {Direct})")]
        public static partial void Published(ILogger logger, string inboundId, bool direct);

        [LoggerMessage(Level = LogLevel.Information, Message = "Discord backfill published {Count} missed messages from DM channel {ChannelId}")]
        public static partial void Backfilled(ILogger logger, int count, string channelId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Discord backfill of DM channel {ChannelId} failed: {Reason}")]
        public static partial void BackfillFailed(ILogger logger, string channelId, string reason);
    }
}
