using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Agent.Llm;
using MyBot.Telemetry;

namespace MyBot.Agent.Tools;

/// <summary>
/// Asks the model, runs the tools it calls, and asks again with their results, until it answers or the round limit is hit.
/// </summary>
/// <remarks>
/// A failing tool never fails the turn: its error goes back to the model as the tool's result, so the model can explain
/// or try something else. Every result is wrapped as untrusted data. The meter sees every call, so a turn's usage is
/// counted as it happens (a later failure does not lose it) and the budget can stop the loop between rounds.
/// </remarks>
public sealed partial class ToolLoop(IOptions<ToolOptions> options, ILogger<ToolLoop> logger)
{
    /// <summary>How a tool call ended: <c>ok</c>, <c>error</c> (the tool threw; the model is told) or <c>unknown_tool</c>.</summary>
    public const string ToolOutcomeTag = "mybot.tool.outcome";

    public async Task<ToolLoopResult> RunAsync(
        IChatClient client,
        IReadOnlyList<ChatMessage> conversation,
        ChatOptions chatOptions,
        IReadOnlyList<AIFunction> tools,
        ToolContext context,
        CancellationToken cancellationToken,
        ILlmCallMeter? meter = null)
    {
        var maxRounds = options.Value.MaxRounds;
        var messages = new List<ChatMessage>(conversation);
        var added = new List<ChatMessage>();
        var usage = new UsageDetails();
        var requestOptions = chatOptions.Clone();
        if (tools.Count > 0)
        {
            requestOptions.Tools = [.. tools];
        }

        var llm = meter is null ? client : new BudgetedChatClient(client, meter);
        for (var round = 1; ; round++)
        {
            ChatResponse response;
            try
            {
                response = await llm.GetResponseAsync(messages, requestOptions, cancellationToken);
            }
            catch (LlmBudgetExhaustedException stop)
            {
                Log.BudgetStop(logger, context.Source.ToString(), round - 1);
                return new ToolLoopResult(stop.Reply, added, usage, round - 1, HitRoundLimit: false, StoppedByBudget: true);
            }

            if (response.Usage is { } reported)
            {
                usage.Add(reported);
            }

            messages.AddRange(response.Messages);
            added.AddRange(response.Messages);
            var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            if (calls.Count == 0)
            {
                return new ToolLoopResult(response.Text, added, usage, round, HitRoundLimit: false);
            }

            if (round >= maxRounds)
            {
                Log.RoundLimitHit(logger, context.Source.ToString(), maxRounds);
                var text = $"I stopped after {maxRounds} rounds of tool calls without reaching an answer. Try asking in smaller steps, or rephrase what you need.";
                return new ToolLoopResult(text, added, usage, round, HitRoundLimit: true);
            }

            var results = new List<AIContent>(calls.Count);
            foreach (var call in calls)
            {
                results.Add(await InvokeAsync(call, tools, context, cancellationToken));
            }

            var toolMessage = new ChatMessage(ChatRole.Tool, results);
            messages.Add(toolMessage);
            added.Add(toolMessage);
        }
    }

    private async Task<FunctionResultContent> InvokeAsync(FunctionCallContent call, IReadOnlyList<AIFunction> tools, ToolContext context, CancellationToken cancellationToken)
    {
        // The GenAI conventions' tool span: one per call, under the turn, beside the chat spans that asked for it.
        using var activity = MyBotTelemetry.Source.StartActivity($"execute_tool {call.Name}");
        activity?.SetTag("gen_ai.operation.name", "execute_tool");
        activity?.SetTag("gen_ai.tool.name", call.Name);
        activity?.SetTag("gen_ai.tool.call.id", call.CallId);
        var tool = tools.FirstOrDefault(t => t.Name == call.Name);
        string output;
        if (tool is null)
        {
            output = $"Error: there is no tool named '{call.Name}' available to you. Available tools: {string.Join(", ", tools.Select(t => t.Name))}.";
            activity?.SetTag(ToolOutcomeTag, "unknown_tool");
            MyBotTelemetry.Fail(activity, "unknown_tool");
        }
        else
        {
            try
            {
                var arguments = new AIFunctionArguments(call.Arguments) { Context = new Dictionary<object, object?> { [typeof(ToolContext)] = context } };
                output = Render(await tool.InvokeAsync(arguments, cancellationToken));
                activity?.SetTag(ToolOutcomeTag, "ok");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                Log.ToolFailed(logger, call.Name, context.Source.ToString(), e);
                output = $"Error: the tool '{call.Name}' failed: {e.Message}";
                activity?.SetTag(ToolOutcomeTag, "error");
                MyBotTelemetry.Fail(activity, e.GetType().FullName ?? e.GetType().Name);
            }
        }

        var max = options.Value.MaxResultChars;
        if (output.Length > max)
        {
            output = string.Concat(output.AsSpan(0, max), $"\n[cut: the result was {output.Length} characters, {max} shown]");
        }

        return new FunctionResultContent(call.CallId, UntrustedContent.Wrap(call.Name, output));
    }

    private static string Render(object? result) => result switch
    {
        null => "(no result)",
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString() ?? string.Empty,
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions),
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Tool {Tool} failed for {Source}; the error goes back to the model")]
        public static partial void ToolFailed(ILogger logger, string tool, string source, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "The tool loop for {Source} hit its limit of {Rounds} rounds")]
        public static partial void RoundLimitHit(ILogger logger, string source, int rounds);

        [LoggerMessage(3, LogLevel.Information, "The budget of {Source} ran out after {Requests} LLM requests of the turn; the tool loop stopped")]
        public static partial void BudgetStop(ILogger logger, string source, int requests);
    }
}
