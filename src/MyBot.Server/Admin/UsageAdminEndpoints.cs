using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MyBot.Agent.Usage;
using MyBot.Api.Contracts.Usage;
using ContractUsageDay = MyBot.Api.Contracts.Usage.UsageDay;
using GrainUsageDay = MyBot.Grains.UsageDay;

namespace MyBot.Server.Admin;

/// <summary><c>GET /api/admin/usage</c>: tokens and estimated cost per user per UTC day, and the daily budgets.</summary>
public static class UsageAdminEndpoints
{
    public static RouteHandlerBuilder MapUsageAdminEndpoints(this IEndpointRouteBuilder admin) =>
        admin.MapGet("/usage", ListAsync)
            .WithTags("Usage")
            .WithName("ListUsage")
            .WithSummary("Tokens and cost per user per day (this month and the last), and the budgets.");

    private static async Task<Ok<UsageOverview>> ListAsync(
        IGrainFactory grains, IOptions<UsageOptions> usageOptions, IOptions<BudgetOptions> budgetOptions, TimeProvider time, CancellationToken cancellationToken)
    {
        var prices = usageOptions.Value;
        var budgets = budgetOptions.Value;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var userKeys = await grains.ListUsersWithUsageAsync(cancellationToken);
        var users = await Task.WhenAll(userKeys.Select(async key =>
        {
            var days = await grains.GetGrain<IUsageGrain>(key).GetDaysAsync().WaitAsync(cancellationToken);
            var (platform, userId) = Split(key);
            var reported = days.Select(day => Day(day, prices)).ToList();
            var todayTokens = reported.Where(d => d.Day == today).Sum(d => d.InputTokens + d.OutputTokens);
            return new UserUsage(key, budgets.DailyLimitFor(platform, userId), todayTokens, reported);
        }));
        return TypedResults.Ok(new UsageOverview(
            today,
            prices.Currency,
            budgets.DailyTokens,
            [.. budgets.Users.Select(u => new BudgetRule(u.Match, u.DailyTokens))],
            users));
    }

    private static ContractUsageDay Day(GrainUsageDay day, UsageOptions prices)
    {
        var models = day.ByModel
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => new ModelTokens(m.Key, m.Value.InputTokens, m.Value.OutputTokens, m.Key == UsageLedger.ScheduledModel ? 0m : prices.EstimateCost(m.Key, m.Value)))
            .ToList();

        // One model without a price makes the day's cost unknown rather than silently low, as /usage says.
        decimal? cost = models.Aggregate((decimal?)0m, (sum, m) => sum + m.Cost);
        return new ContractUsageDay(day.Day, models.Sum(m => m.InputTokens), models.Sum(m => m.OutputTokens), cost, models);
    }

    private static (string Platform, string UserId) Split(string userKey)
    {
        var colon = userKey.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (userKey, string.Empty) : (userKey[..colon], userKey[(colon + 1)..]);
    }
}
