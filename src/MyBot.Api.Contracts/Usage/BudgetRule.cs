namespace MyBot.Api.Contracts.Usage;

/// <summary>One <c>MyBot:Budget:Users</c> entry: users matching <paramref name="Match"/> (<c>platform:user</c>, <c>*</c> = any) get <paramref name="DailyTokens"/> a day.</summary>
public sealed record BudgetRule(string Match, long DailyTokens);
