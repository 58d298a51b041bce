using Microsoft.Extensions.AI;

namespace MyBot.Agent.History;

/// <param name="FoldedMessages">Messages moved from the recent window into the summary; 0 when nothing was done.</param>
public sealed record CompactionResult(int FoldedMessages, string? Summary, UsageDetails Usage);
