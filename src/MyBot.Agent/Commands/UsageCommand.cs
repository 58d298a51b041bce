using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using MyBot.Agent.Tools;
using MyBot.Agent.Usage;
using Orleans;

namespace MyBot.Agent.Commands;

public sealed class UsageCommand(IGrainFactory grains, IOptions<UsageOptions> usageOptions, IOptions<BudgetOptions> budgetOptions) : IChatCommand
{
    public string Name => "usage";

    public string Usage => "/usage";

    public string Description => "tokens and estimated cost today and this month";

    public async Task<string> ExecuteAsync(CommandContext context, string arguments, CancellationToken cancellationToken)
    {
        var report = await grains.GetGrain<IUsageGrain>(ToolContext.UserKeyOf(context.Source)).GetReportAsync();
        var limit = budgetOptions.Value.DailyLimitFor(context.Source.Platform, context.Source.UserId);
        var text = new StringBuilder();
        Append(text, $"Today ({report.Today:yyyy-MM-dd} UTC)", report.TodayByModel);
        text.AppendLine(limit > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Daily limit: {limit:N0} tokens ({Math.Max(0, limit - report.TodayTokens):N0} left)")
            : "Daily limit: none");
        text.AppendLine();
        Append(text, $"This month ({report.Today:yyyy-MM})", report.MonthByModel);
        return text.ToString().TrimEnd();
    }

    private void Append(StringBuilder text, string title, IReadOnlyDictionary<string, ModelUsage> byModel)
    {
        var options = usageOptions.Value;
        var total = byModel.Values.Sum(m => m.TotalTokens);
        decimal? cost = 0m;
        foreach (var (model, usage) in byModel.Where(m => m.Key != UsageLedger.ScheduledModel))
        {
            // One model without a price makes the total unknown rather than silently low.
            cost += options.EstimateCost(model, usage);
        }

        text.Append(CultureInfo.InvariantCulture, $"{title}: {total:N0} tokens");
        text.AppendLine(cost is { } known
            ? string.Create(CultureInfo.InvariantCulture, $", about {known:0.####} {options.Currency}")
            : ", cost unknown (no price configured for a model used)");
        foreach (var (model, usage) in byModel.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {model}: {usage.InputTokens:N0} in, {usage.OutputTokens:N0} out");
        }
    }
}
