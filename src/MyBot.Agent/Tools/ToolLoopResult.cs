using Microsoft.Extensions.AI;

namespace MyBot.Agent.Tools;

/// <param name="Text">The reply for the user.</param>
/// <param name="Messages">Everything the loop added to the conversation (assistant tool calls, tool results, the answer), for the transcript.</param>
/// <param name="Requests">LLM requests made.</param>
/// <param name="HitRoundLimit">The model was still calling tools when the round limit stopped it.</param>
/// <param name="StoppedByBudget">The meter refused the next call; <paramref name="Text"/> is its reply.</param>
public sealed record ToolLoopResult(string Text, IReadOnlyList<ChatMessage> Messages, UsageDetails Usage, int Requests, bool HitRoundLimit, bool StoppedByBudget = false);
