using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Agent.Delivery;
using MyBot.Agent.History;
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
    IChatClient chat,
    IChannelRegistry channels,
    IOptions<LlmOptions> llmOptions,
    IOptions<SessionOptions> sessionOptions,
    IOptions<RuntimeOptions> runtimeOptions,
    TimeProvider timeProvider,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain
{
    private const string HelpText =
        "I'm your MyBot agent. Send me a message and I'll answer.\n\n/new starts a new conversation\n/help shows this help";

    public async Task HandleAsync(InboundEvent inbound, int attempt)
    {
        if (state.State.Processed.Contains(inbound.Id))
        {
            Log.Duplicate(logger, inbound.Id);
            return;
        }

        var now = timeProvider.GetUtcNow();
        state.State.StartedAt ??= now;
        string reply;
        if (inbound.Kind == InboundEventKind.Unsupported)
        {
            reply = $"I can't handle {inbound.Text} yet. Please send me text.";
        }
        else if (TryCommand(inbound.Text, out var commandReply))
        {
            reply = commandReply;
        }
        else
        {
            var answer = await AskAsync(inbound, attempt);
            if (answer is null)
            {
                return;
            }

            reply = answer;
            Remember(new HistoryMessage(HistoryMessage.User, inbound.Text, inbound.ReceivedAt), new HistoryMessage(HistoryMessage.Assistant, reply, timeProvider.GetUtcNow()));
        }

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

    private bool TryCommand(string text, out string reply)
    {
        switch (text.Trim().Split(' ', 2)[0].ToLowerInvariant())
        {
            case "/start":
            case "/help":
                reply = HelpText;
                return true;
            case "/new":
                state.State.Recent.Clear();
                state.State.StartedAt = timeProvider.GetUtcNow();
                reply = "Started a new conversation.";
                return true;
            default:
                reply = string.Empty;
                return false;
        }
    }

    /// <returns>The reply, or null when the stream should retry the turn later.</returns>
    private async Task<string?> AskAsync(InboundEvent inbound, int attempt)
    {
        var options = llmOptions.Value;
        var messages = PromptBuilder.Messages(options.LoadSystemPrompt(), state.State.Recent, inbound.Text);
        using var typing = new CancellationTokenSource();
        var typingLoop = KeepTypingAsync(inbound.Source, typing.Token);
        try
        {
            var response = await chat.GetResponseAsync(messages, new ChatOptions { ModelId = options.Model });
            return string.IsNullOrWhiteSpace(response.Text) ? "(The model returned an empty answer.)" : response.Text;
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

    private void Remember(params HistoryMessage[] messages)
    {
        state.State.Recent.AddRange(messages);
        var excess = state.State.Recent.Count - sessionOptions.Value.RecentMessages;
        if (excess > 0)
        {
            state.State.Recent.RemoveRange(0, excess);
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
