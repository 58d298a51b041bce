namespace MyBot.Api.Contracts.Usage;

/// <summary>One user's usage, newest day first (this month and the last).</summary>
/// <param name="User"><c>platform:user</c>.</param>
/// <param name="DailyLimit">Tokens a UTC day from the budgets; 0 is no limit.</param>
public sealed record UserUsage(string User, long DailyLimit, long TodayTokens, IReadOnlyList<UsageDay> Days);
