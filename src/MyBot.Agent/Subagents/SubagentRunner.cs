using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Conversation;
using MyBot.Agent.History;
using MyBot.Agent.Llm;
using MyBot.Agent.Tools;

namespace MyBot.Agent.Subagents;

/// <summary>
/// One task handed to an agent with <c>dispatch_agent</c>: the agent's prompt, the task as the only message, and the
/// tool loop with the agent's own tools. Nothing goes to the user; the answer is returned to the caller. Its LLM calls
/// count against the user the work is for, as the caller's do.
/// </summary>
public sealed partial class SubagentRunner(
    IAgentCatalog catalog,
    AgentToolset toolset,
    ToolLoop toolLoop,
    BudgetGate budget,
    ITranscriptStore transcripts,
    IChatClient chatClient,
    IOptions<LlmOptions> llmOptions,
    IOptions<SubagentOptions> options,
    TimeProvider timeProvider,
    ILogger<SubagentRunner> logger)
{
    /// <param name="sessionKey">The subagent session's key: the turn id of its tools (so its own dispatches are keyed from it) and its transcript's folder.</param>
    /// <param name="state">The subagent session's conversation: its tokens are counted there, and its transcript filed under its session id.</param>
    /// <exception cref="LlmException">A transient LLM failure: nothing is answered, so a later call runs the task again.</exception>
    public async Task<SubagentAnswer> RunAsync(string sessionKey, AgentSessionState state, SubagentTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(task);
        var now = timeProvider.GetUtcNow();
        var agent = catalog.Find(task.Agent);
        if (agent is null)
        {
            return new SubagentAnswer($"There is no agent '{task.Agent}' loaded.", IsError: true);
        }

        if (string.IsNullOrEmpty(state.History.SessionId))
        {
            state.History = ConversationHistory.Start(now);
        }

        Log.Started(logger, task.Agent, sessionKey, task.Depth);
        var turnTools = toolset.For(agent, task.Depth);
        var chatOptions = AgentChatOptions.For(agent, llmOptions.Value.Model);
        var messages = PromptBuilder.Messages(PromptBuilder.SystemPrompt(agent, turnTools, [], summary: null), [], task.Text);
        var context = new ToolContext(task.Source, task.TimeZone) { Agent = agent, Identity = task.Identity, TurnId = sessionKey, Depth = task.Depth };
        var meter = new SubagentMeter(TurnMeter.Start(budget, task.Source, state, timeProvider), agent.Name, options.Value.MaxTokens);
        ToolLoopResult result;
        try
        {
            result = await toolLoop.RunAsync(chatClient, messages, chatOptions, turnTools.Tools, context, cancellationToken, meter);
        }
        catch (LlmException e) when (!e.IsTransient)
        {
            return new SubagentAnswer($"The model refused the task of '{agent.Name}': {e.Message}", IsError: true);
        }

        await transcripts.AppendAsync(
            sessionKey,
            state.History.SessionId,
            [new TranscriptEntry(now, "user", task.Text, sessionKey), .. AgentTurnRunner.ToolEntries(result.Messages, now, sessionKey), new TranscriptEntry(timeProvider.GetUtcNow(), "assistant", result.Text, sessionKey)],
            cancellationToken);
        return new SubagentAnswer(result.Text, IsError: result.StoppedByBudget || result.HitRoundLimit);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Subagent '{Agent}' started on a task ({Session}, depth {Depth})")]
        public static partial void Started(ILogger logger, string agent, string session, int depth);
    }
}
