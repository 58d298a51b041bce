using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;


namespace MyBot.Channels.Hosting;

/// <summary>
/// Runs every registered channel, each isolated from the others: a crash is logged and the channel restarted with
/// exponential backoff; <see cref="ChannelFatalException"/> stops that channel for good.
/// </summary>
public sealed partial class ChannelHost(
    IChannelRegistry registry,
    IInboundPublisher publisher,
    IOptions<ChannelHostOptions> options,
    TimeProvider timeProvider,
    ILogger<ChannelHost> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, ChannelStatus> _statuses = new(
        registry.Channels.Select(c => KeyValuePair.Create(c.Platform, new ChannelStatus(c.Platform, ChannelState.Pending, 0, null, null))),
        StringComparer.Ordinal);

    public IReadOnlyList<ChannelStatus> Statuses => [.. _statuses.Values.OrderBy(s => s.Platform, StringComparer.Ordinal)];

    /// <summary>Every channel was started at least once, or is disabled: what <c>/readyz</c> waits for.</summary>
    public bool AllStarted => _statuses.Values.All(s => s.State != ChannelState.Pending);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(registry.Channels.Select(channel => Task.Run(() => SuperviseAsync(channel, stoppingToken), CancellationToken.None)));

    private async Task SuperviseAsync(IChannel channel, CancellationToken stoppingToken)
    {
        var platform = channel.Platform;
        if (channel is IOptionalChannel { IsEnabled: false } optional)
        {
            Update(platform, ChannelState.Disabled, lastError: optional.DisabledReason);
            Log.Disabled(logger, platform, optional.DisabledReason);
            return;
        }

        var settings = options.Value;
        var delay = settings.RestartDelay;
        var restarts = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            Update(platform, ChannelState.Running, restarts);
            Log.Starting(logger, platform, restarts);
            var startedAt = timeProvider.GetTimestamp();
            try
            {
                await channel.RunAsync(publisher, stoppingToken);
                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                Update(platform, ChannelState.Completed, restarts);
                Log.Completed(logger, platform);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (ChannelFatalException exception)
            {
                Update(platform, ChannelState.Failed, restarts, exception.Message);
                Log.Fatal(logger, platform, exception.Message);
                return;
            }
            catch (Exception exception)
            {
                if (timeProvider.GetElapsedTime(startedAt) >= settings.MaxRestartDelay)
                {
                    delay = settings.RestartDelay;
                }

                restarts++;
                Update(platform, ChannelState.Restarting, restarts, exception.Message, timeProvider.GetUtcNow() + delay);
                Log.Crashed(logger, exception, platform, delay);
            }

            try
            {
                await Task.Delay(delay, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = Backoff.Double(delay, settings.MaxRestartDelay);
        }

        Update(platform, ChannelState.Stopped, restarts);
    }

    private void Update(string platform, ChannelState state, int restarts = 0, string? lastError = null, DateTimeOffset? nextStartAt = null) =>
        _statuses[platform] = new ChannelStatus(platform, state, restarts, lastError ?? _statuses.GetValueOrDefault(platform)?.LastError, nextStartAt);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Channel {Platform} starting (restart {Restarts})")]
        public static partial void Starting(ILogger logger, string platform, int restarts);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Channel {Platform} crashed; restarting in {Delay}")]
        public static partial void Crashed(ILogger logger, Exception exception, string platform, TimeSpan delay);

        [LoggerMessage(EventId = 3, Level = LogLevel.Critical, Message = "Channel {Platform} stopped for good: {Reason}")]
        public static partial void Fatal(ILogger logger, string platform, string reason);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Channel {Platform} is not started: {Reason}")]
        public static partial void Disabled(ILogger logger, string platform, string reason);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Channel {Platform} returned from its run loop; it is not restarted")]
        public static partial void Completed(ILogger logger, string platform);
    }
}
