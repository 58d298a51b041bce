namespace MyBot.Api.Contracts.Usage;

/// <summary><c>GET /api/admin/usage</c>: tokens and cost per user per day, and the budgets.</summary>
/// <param name="DefaultDailyTokens"><c>MyBot:Budget:DailyTokens</c>, for users no rule matches; 0 is no limit.</param>
public sealed record UsageOverview(DateOnly Today, string Currency, long DefaultDailyTokens, IReadOnlyList<BudgetRule> Budgets, IReadOnlyList<UserUsage> Users);
