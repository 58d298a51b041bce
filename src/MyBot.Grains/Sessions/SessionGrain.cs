using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Agent.Commands;
using MyBot.Agent.Conversation;
using MyBot.Agent.Delivery;
using MyBot.Agent.Llm;
using MyBot.Channels;
using MyBot.Channels.Hosting;
using MyBot.Runtime;
using MyBot.Runtime.Hosting;

namespace MyBot.Agent.Sessions;

/// <summary>
/// Runs the agent for one conversation. Checkpoint order: the reply is handed to the delivery grain (durable), then
/// this state is written (which records the inbound id), then the stream deletes the inbound event. A crash between
/// the steps replays the turn; the deterministic outbound id lets the delivery grain drop the second reply.
/// </summary>
[GrainType("session")]
public sealed partial class SessionGrain(
    [PersistentState("state")] IPersistentState<SessionState> state,
    AgentTurnRunner runner,
    IChannelRegistry channels,
    IOptions<SessionOptions> sessionOptions,
    IOptions<RuntimeOptions> runtimeOptions,
    TimeProvider timeProvider,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain
{
    public async Task HandleAsync(InboundEvent inbound, int attempt)
    {
        if (state.State.Processed.Contains(inbound.Id))
        {
            Log.Duplicate(logger, inbound.Id);
            return;
        }

        var reply = await RunTurnAsync(inbound, attempt);
        var outbound = new OutboundEvent(
            OutboundEvent.CreateId(inbound.Id, 0),
            inbound.Source,
            reply,
            timeProvider.GetUtcNow(),
            inbound.Id,
            inbound.PlatformMessageId,
            inbound.ReceivedAt);
        await GrainFactory.GetGrain<IDeliveryGrain>(GetPrimaryKeyString()).EnqueueAsync([outbound]);

        state.State.Processed.Add(inbound.Id);
        var excess = state.State.Processed.Count - sessionOptions.Value.DedupeWindow;
        if (excess > 0)
        {
            state.State.Processed.RemoveRange(0, excess);
        }

        await state.WriteStateAsync();
    }

    /// <summary>Runs the agent turn; a transient LLM failure before the last attempt throws, so the stream retries the event.</summary>
    private async Task<string> RunTurnAsync(InboundEvent inbound, int attempt)
    {
        using var typing = new CancellationTokenSource();
        var typingLoop = CommandDispatcher.IsCommand(inbound.Text) ? Task.CompletedTask : KeepTypingAsync(inbound.Source, typing.Token);
        try
        {
            var outcome = await runner.RunAsync(GetPrimaryKeyString(), state.State.Conversation, inbound, CancellationToken.None);
            return string.IsNullOrWhiteSpace(outcome.Reply) ? "(The model returned an empty answer.)" : outcome.Reply;
        }
        catch (LlmException ex) when (ex.IsTransient && attempt < runtimeOptions.Value.MaxAttempts)
        {
            Log.LlmRetry(logger, ex.Kind, attempt, GetPrimaryKeyString());
            throw;
        }
        catch (LlmException ex)
        {
            Log.LlmFailed(logger, ex.Kind, GetPrimaryKeyString());
            return ex.Kind switch
            {
                LlmErrorKind.NotConfigured => ex.Message,
                _ when ex.IsTransient => $"Sorry, the model did not answer after {attempt} tries ({ex.Message}). Please send your message again in a moment.",
                _ => $"Sorry, the model refused the request: {ex.Message}",
            };
        }
        finally
        {
            await typing.CancelAsync();
            await typingLoop;
        }
    }

    private async Task KeepTypingAsync(EventSource source, CancellationToken stop)
    {
        if (!channels.TryGet(source.Platform, out var channel))
        {
            return;
        }

        while (!stop.IsCancellationRequested)
        {
            try
            {
                await channel.SendTypingAsync(source, stop);
                await Task.Delay(sessionOptions.Value.TypingInterval, timeProvider, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.TypingFailed(logger, ex, source.ToString());
                return;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Inbound event {InboundId} was already answered; skipped")]
        public static partial void Duplicate(ILogger logger, string inboundId);

        [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "The LLM failed ({Kind}) on attempt {Attempt} for {Source}; the event will be retried")]
        public static partial void LlmRetry(ILogger logger, LlmErrorKind kind, int attempt, string source);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "The LLM failed ({Kind}) for {Source}; the user is told")]
        public static partial void LlmFailed(ILogger logger, LlmErrorKind kind, string source);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "The typing indicator for {Source} failed")]
        public static partial void TypingFailed(ILogger logger, Exception exception, string source);
    }
}
