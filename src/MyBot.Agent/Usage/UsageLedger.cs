namespace MyBot.Agent.Usage;

/// <summary>The arithmetic over <see cref="UsageState"/>, kept apart from the grain so it is tested without one.</summary>
public static class UsageLedger
{
    /// <summary>The model name scheduled messages are counted under (they reach the user without an LLM call).</summary>
    public const string ScheduledModel = "scheduled-messages";

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
