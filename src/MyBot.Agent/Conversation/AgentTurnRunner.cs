using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Commands;
using MyBot.Agent.History;
using MyBot.Agent.Identity;
using MyBot.Agent.Llm;
using MyBot.Agent.Tools;
using MyBot.Channels;
using Orleans;

namespace MyBot.Agent.Conversation;

/// <summary>
/// One turn of a conversation: commands first, then the agent the chat is routed to, the budget check, compaction,
/// and the tool loop. The session grain calls it and keeps the delivery and checkpoint order around it.
/// </summary>
public sealed partial class AgentTurnRunner(
    IAgentCatalog catalog,
    CommandDispatcher commands,
    BudgetGate budget,
    AgentToolset toolset,
    ToolLoop toolLoop,
    HistoryCompactor compactor,
    ITranscriptStore transcripts,
    IChatClient chatClient,
    IGrainFactory grains,
    IdentityDirectory identities,
    IOptions<LlmOptions> llmOptions,
    IOptions<AgentOptions> agentOptions,
    TimeProvider timeProvider,
    ILogger<AgentTurnRunner> logger)
{
    public const string UnsupportedReply = "I can only read text messages for now; please write what you need.";

    /// <param name="sessionKey">The session grain's key (the EventSource string); transcripts are filed under it.</param>
    /// <param name="llmCalls">Receives each LLM call the model answered, as it returns, so a turn that fails later keeps them.</param>
    public async Task<TurnOutcome> RunAsync(string sessionKey, AgentSessionState state, InboundEvent inbound, CancellationToken cancellationToken, ICollection<LlmCallTrace>? llmCalls = null)
    {
        var now = timeProvider.GetUtcNow();
        if (string.IsNullOrEmpty(state.History.SessionId))
        {
            state.History = ConversationHistory.Start(now);
        }

        var source = inbound.Source;

        // A cron job's run is not the person writing: it must not move where they are reached.
        var identity = inbound.Kind == InboundEventKind.Scheduled ? await identities.IdentityOfAsync(source) : await identities.ArrivedAsync(source);
        if (inbound.Kind == InboundEventKind.Unsupported)
        {
            await AppendAsync(sessionKey, state, inbound, now, UnsupportedReply, [], cancellationToken);
            return new TurnOutcome(UnsupportedReply, CalledLlm: false);
        }

        var meter = TurnMeter.Start(budget, source, state, timeProvider, llmCalls);
        var session = new CommandSession(this, sessionKey, state, source, meter, now);
        var transcriptSession = state.History.SessionId;
        var commandReply = await commands.TryHandleAsync(new CommandContext(source, session, now), inbound.Text, cancellationToken);
        if (commandReply is not null)
        {
            await transcripts.AppendAsync(sessionKey, transcriptSession, [new TranscriptEntry(inbound.ReceivedAt, "command", inbound.Text, inbound.Id), new TranscriptEntry(now, "assistant", commandReply, inbound.Id)], cancellationToken);
            return new TurnOutcome(commandReply, CalledLlm: session.CalledLlm);
        }

        if (await meter.BeforeCallAsync(cancellationToken) is { } refusal)
        {
            Log.OverBudget(logger, source.ToString());
            await AppendAsync(sessionKey, state, inbound, now, refusal, [], cancellationToken);
            return new TurnOutcome(refusal, CalledLlm: false);
        }

        var agent = WithConfiguredPrompt(catalog.Resolve(source, inbound.Agent ?? state.SelectedAgent));
        var turnTools = toolset.For(agent, depth: 0);
        var chatOptions = ChatOptionsFor(agent);
        var model = chatOptions.ModelId!;
        var facts = await FactsAsync(ToolContext.UserKeyOf(source, identity));
        var history = state.History;

        var systemPrompt = PromptBuilder.SystemPrompt(agent, turnTools, facts, history.Summary);
        var contextBudget = compactor.Options.BudgetFor(model);
        var fixedTokens = FixedTokens(systemPrompt, inbound.Text, turnTools.Tools.Count);
        if (compactor.NeedsCompaction(history, fixedTokens, contextBudget))
        {
            await compactor.CompactAsync(new BudgetedChatClient(chatClient, meter), chatOptions, history, fixedTokens, contextBudget, force: false, cancellationToken);
            systemPrompt = PromptBuilder.SystemPrompt(agent, turnTools, facts, history.Summary);
        }

        var messages = PromptBuilder.Messages(systemPrompt, history.Recent, inbound.Text);
        var context = new ToolContext(source, agentOptions.Value.TimeZone) { Agent = agent, Identity = identity, TurnId = inbound.Id };
        var result = await toolLoop.RunAsync(chatClient, messages, chatOptions, turnTools.Tools, context, cancellationToken, meter);
        if (result.StoppedByBudget)
        {
            Log.OverBudgetMidTurn(logger, source.ToString(), result.Requests);
        }

        compactor.Append(history, new HistoryMessage(HistoryMessage.User, inbound.Text, inbound.ReceivedAt));
        compactor.Append(history, new HistoryMessage(HistoryMessage.Assistant, result.Text, now));
        await AppendAsync(sessionKey, state, inbound, now, result.Text, ToolEntries(result.Messages, now, inbound.Id), cancellationToken);
        return new TurnOutcome(result.Text, CalledLlm: true);
    }

    public SessionStatus Status(AgentSessionState state, EventSource source)
    {
        var agent = catalog.Resolve(source, state.SelectedAgent);
        var model = ChatOptionsFor(agent).ModelId!;
        var fixedTokens = TokenEstimator.Estimate(agent.Prompt) + TokenEstimator.Estimate(state.History.Summary);
        return new SessionStatus(
            agent.Name,
            model,
            state.History.MessageCount,
            !string.IsNullOrWhiteSpace(state.History.Summary),
            HistoryCompactor.ContextTokens(state.History, fixedTokens),
            compactor.Options.BudgetFor(model),
            state.History.Tokens,
            state.History.StartedAt);
    }

    private ChatOptions ChatOptionsFor(AgentDefinition agent) => AgentChatOptions.For(agent, llmOptions.Value.Model);

    // Tool definitions travel with every request; count them roughly so the budget is not overrun by them.
    private static int FixedTokens(string systemPrompt, string userText, int toolCount) =>
        TokenEstimator.Estimate(systemPrompt) + TokenEstimator.Estimate(userText) + (toolCount * 60);

    private async Task<IReadOnlyList<string>> FactsAsync(string userKey)
    {
        var facts = await grains.GetGrain<IUserMemoryGrain>(userKey).ListAsync();
        return [.. facts.Select(f => $"{f.Id}: {f.Text}")];
    }

    private Task AppendAsync(string sessionKey, AgentSessionState state, InboundEvent inbound, DateTimeOffset now, string reply, IReadOnlyList<TranscriptEntry> middle, CancellationToken cancellationToken) =>
        transcripts.AppendAsync(
            sessionKey,
            state.History.SessionId,
            [new TranscriptEntry(inbound.ReceivedAt, "user", inbound.Text, inbound.Id), .. middle, new TranscriptEntry(now, "assistant", reply, inbound.Id)],
            cancellationToken);

    internal static List<TranscriptEntry> ToolEntries(IReadOnlyList<ChatMessage> messages, DateTimeOffset now, string inboundId)
    {
        var entries = new List<TranscriptEntry>();
        foreach (var content in messages.SelectMany(m => m.Contents))
        {
            switch (content)
            {
                case FunctionCallContent call:
                    entries.Add(new TranscriptEntry(now, "tool-call", JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions), inboundId, call.Name));
                    break;
                case FunctionResultContent result:
                    entries.Add(new TranscriptEntry(now, "tool", result.Result as string ?? JsonSerializer.Serialize(result.Result, AIJsonUtilities.DefaultOptions), inboundId, result.CallId));
                    break;
            }
        }

        return entries;
    }

    private async Task StartNewSessionAsync(string sessionKey, AgentSessionState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await transcripts.AppendAsync(sessionKey, state.History.SessionId, [new TranscriptEntry(now, "system", "The user started a new session with /new.")], cancellationToken);
        state.History = ConversationHistory.Start(now);
    }

    /// <summary>Returns the reply, and whether the LLM was asked.</summary>
    private async Task<(string Reply, bool CalledLlm)> CompactNowAsync(string sessionKey, AgentSessionState state, EventSource source, TurnMeter meter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await meter.BeforeCallAsync(cancellationToken) is { } refusal)
        {
            return (refusal, false);
        }

        var agent = catalog.Resolve(source, state.SelectedAgent);
        var options = ChatOptionsFor(agent);
        var fixedTokens = TokenEstimator.Estimate(agent.Prompt);
        var before = HistoryCompactor.ContextTokens(state.History, fixedTokens);
        var result = await compactor.CompactAsync(new BudgetedChatClient(chatClient, meter), options, state.History, fixedTokens, compactor.Options.BudgetFor(options.ModelId!), force: true, cancellationToken);
        if (result.FoldedMessages == 0)
        {
            return ("There is nothing to compact yet.", false);
        }

        await transcripts.AppendAsync(sessionKey, state.History.SessionId, [new TranscriptEntry(now, "summary", result.Summary ?? string.Empty)], cancellationToken);
        var after = HistoryCompactor.ContextTokens(state.History, fixedTokens);
        return ($"Summarised {result.FoldedMessages} older messages: the context went from about {before} to {after} tokens.", true);
    }

    /// <summary>The session as commands see it: the state of this turn, changed in place and saved by the grain after the turn.</summary>
    private sealed class CommandSession(AgentTurnRunner runner, string sessionKey, AgentSessionState state, EventSource source, TurnMeter meter, DateTimeOffset now) : ICommandSession
    {
        public bool CalledLlm { get; private set; }

        public SessionStatus GetStatus() => runner.Status(state, source);

        public Task StartNewSessionAsync(CancellationToken cancellationToken) => runner.StartNewSessionAsync(sessionKey, state, now, cancellationToken);

        public async Task<string> CompactAsync(CancellationToken cancellationToken)
        {
            var (reply, calledLlm) = await runner.CompactNowAsync(sessionKey, state, source, meter, now, cancellationToken);
            CalledLlm |= calledLlm;
            return reply;
        }

        public Task SelectAgentAsync(string agentName, CancellationToken cancellationToken)
        {
            state.SelectedAgent = agentName;
            return Task.CompletedTask;
        }
    }

    // MyBot:Llm:SystemPrompt(File) is the prompt of the default agent when set: the first setting a newcomer
    // changes, and issue 2's contract, which the workspace's AGENT.md must not silently override.
    private AgentDefinition WithConfiguredPrompt(AgentDefinition agent)
    {
        var llm = llmOptions.Value;
        var configured = !string.IsNullOrWhiteSpace(llm.SystemPromptFile) || !string.IsNullOrWhiteSpace(llm.SystemPrompt);
        return configured && string.Equals(agent.Name, agentOptions.Value.DefaultAgent, StringComparison.OrdinalIgnoreCase)
            ? agent with { Prompt = llm.LoadSystemPrompt() }
            : agent;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "{Source} is over today's token budget; answered without the LLM")]
        public static partial void OverBudget(ILogger logger, string source);

        [LoggerMessage(2, LogLevel.Information, "{Source} ran out of today's token budget after {Requests} LLM requests of the turn; answered without asking again")]
        public static partial void OverBudgetMidTurn(ILogger logger, string source, int requests);
    }
}
