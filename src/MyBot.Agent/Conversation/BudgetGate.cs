using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Agent.Tools;
using MyBot.Agent.Usage;
using MyBot.Channels;
using Orleans;

namespace MyBot.Agent.Conversation;

/// <summary>Refuses an LLM call when the user has used up today's tokens: before a turn, and before each further call in it.</summary>
public sealed partial class BudgetGate(IGrainFactory grains, IOptions<BudgetOptions> options, ILogger<BudgetGate> logger)
{
    /// <summary>Returns the reply for the user when over the limit, else null.</summary>
    /// <param name="midTurn">The turn already asked the model; the reply says the answer was cut short.</param>
    public async Task<string?> CheckAsync(EventSource source, bool midTurn = false)
    {
        var limit = options.Value.DailyLimitFor(source.Platform, source.UserId);
        if (limit <= 0)
        {
            return null;
        }

        var report = await grains.GetGrain<IUsageGrain>(ToolContext.UserKeyOf(source)).GetReportAsync();
        if (report.TodayTokens < limit)
        {
            return null;
        }

        return midTurn
            ? string.Create(CultureInfo.InvariantCulture, $"You have used today's budget of {limit:N0} tokens ({report.TodayTokens:N0} used) while I was working on this message, so I stopped before asking the model again and have no complete answer. I can't ask the model again until tomorrow (UTC). Commands such as /usage still work.")
            : string.Create(CultureInfo.InvariantCulture, $"You have used today's budget of {limit:N0} tokens ({report.TodayTokens:N0} used), so I can't ask the model again until tomorrow (UTC). Commands such as /usage still work.");
    }

    /// <summary>
    /// Counts one LLM call. A write that fails may still have been applied, so it is sent once more with the same record
    /// id: the usage grain counts an id once, so the call is never counted twice and rarely lost.
    /// </summary>
    public async Task RecordAsync(EventSource source, UsageRecord record)
    {
        if (record.InputTokens + record.OutputTokens <= 0)
        {
            return;
        }

        var usage = grains.GetGrain<IUsageGrain>(ToolContext.UserKeyOf(source));
        try
        {
            await usage.RecordAsync(record);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RecordRetried(logger, ex, record.Id, source.ToString());
            await usage.RecordAsync(record);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Recording usage {RecordId} of {Source} failed; sent again with the same id")]
        public static partial void RecordRetried(ILogger logger, Exception exception, string recordId, string source);
    }
}
