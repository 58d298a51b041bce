namespace MyBot.Agent.Usage;

/// <summary>The arithmetic over <see cref="UsageState"/>, kept apart from the grain so it is tested without one.</summary>
public static class UsageLedger
{
    /// <summary>The model name scheduled messages are counted under (they reach the user without an LLM call).</summary>
    public const string ScheduledModel = "scheduled-messages";

    /// <summary>
    /// How many record ids are remembered. A duplicate is the same write sent again within a turn or a reminder, so it
    /// arrives right after the original: this covers many turns of LLM calls in between (a turn makes at most
    /// <c>MyBot:Tools:MaxRounds</c> + 1) and keeps the record, written after every call, small.
    /// </summary>
    public const int RecordIdWindow = 128;

    /// <summary>
    /// Counts the record once: returns false, changing nothing, when its id was counted already. The id names one LLM
    /// call (the turn's run and the call's index in it), so a call made again by a retried turn counts again, as the
    /// provider bills it again, while the same call's record arriving twice does not.
    /// </summary>
    public static bool Apply(UsageState state, DateOnly day, UsageRecord record)
    {
        if (state.RecentRecordIds.Contains(record.Id))
        {
            return false;
        }

        Record(state, day, record.Model, record.InputTokens, record.OutputTokens);
        state.RecentRecordIds.Add(record.Id);
        var excess = state.RecentRecordIds.Count - RecordIdWindow;
        if (excess > 0)
        {
            state.RecentRecordIds.RemoveRange(0, excess);
        }

        return true;
    }

    public static void Record(UsageState state, DateOnly day, string model, long inputTokens, long outputTokens)
    {
        var entry = state.Days.Find(d => d.Day == day);
        if (entry is null)
        {
            entry = new DailyUsage { Day = day };
            state.Days.Add(entry);
            var oldest = new DateOnly(day.Year, day.Month, 1).AddMonths(-1);
            state.Days.RemoveAll(d => d.Day < oldest);
        }

        if (!entry.Models.TryGetValue(model, out var usage))
        {
            usage = new ModelUsage();
            entry.Models[model] = usage;
        }

        usage.InputTokens += Math.Max(0, inputTokens);
        usage.OutputTokens += Math.Max(0, outputTokens);
    }

    public static long TokensOn(UsageState state, DateOnly day) =>
        state.Days.Find(d => d.Day == day)?.Models.Values.Sum(m => m.TotalTokens) ?? 0;

    public static UsageReport Report(UsageState state, DateOnly today)
    {
        var todayByModel = Sum(state.Days.Where(d => d.Day == today));
        var monthByModel = Sum(state.Days.Where(d => d.Day.Year == today.Year && d.Day.Month == today.Month));
        return new UsageReport(today, todayByModel, monthByModel);
    }

    /// <summary>Every day kept, newest first, each with its own copy of the counts.</summary>
    public static IReadOnlyList<UsageDay> Days(UsageState state) =>
        [.. state.Days.OrderByDescending(d => d.Day).Select(d => new UsageDay(d.Day, Sum([d])))];

    private static Dictionary<string, ModelUsage> Sum(IEnumerable<DailyUsage> days)
    {
        var result = new Dictionary<string, ModelUsage>(StringComparer.Ordinal);
        foreach (var (model, usage) in days.SelectMany(d => d.Models))
        {
            if (!result.TryGetValue(model, out var sum))
            {
                sum = new ModelUsage();
                result[model] = sum;
            }

            sum.InputTokens += usage.InputTokens;
            sum.OutputTokens += usage.OutputTokens;
        }

        return result;
    }
}
