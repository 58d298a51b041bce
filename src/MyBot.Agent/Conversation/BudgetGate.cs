using System.Globalization;
using Microsoft.Extensions.Options;
using MyBot.Agent.Tools;
using MyBot.Agent.Usage;
using MyBot.Channels;
using MyBot.Runtime;

namespace MyBot.Agent.Conversation;

/// <summary>Refuses a turn before any LLM call when the user has used up today's tokens.</summary>
public sealed class BudgetGate(IGrainFactory grains, IOptions<BudgetOptions> options)
{
    /// <summary>Returns the reply for the user when over the limit, else null.</summary>
    public async Task<string?> CheckAsync(EventSource source)
    {
        var limit = options.Value.DailyLimitFor(source.Platform, source.UserId);
        if (limit <= 0)
        {
            return null;
        }

        var report = await grains.GetGrain<IUsageGrain>(ToolContext.UserKeyOf(source)).GetReportAsync();
        return report.TodayTokens < limit
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"You have used today's budget of {limit:N0} tokens ({report.TodayTokens:N0} used), so I can't ask the model again until tomorrow (UTC). Commands such as /usage still work.");
    }

    public Task RecordAsync(EventSource source, string model, long inputTokens, long outputTokens) =>
        inputTokens + outputTokens <= 0
            ? Task.CompletedTask
            : grains.GetGrain<IUsageGrain>(ToolContext.UserKeyOf(source)).RecordAsync(model, inputTokens, outputTokens);
}
