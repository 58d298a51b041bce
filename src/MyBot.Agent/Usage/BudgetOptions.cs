using System.ComponentModel.DataAnnotations;

namespace MyBot.Agent.Usage;

public sealed class BudgetOptions
{
    public const string SectionName = "MyBot:Budget";

    /// <summary>Tokens per UTC day for a user no entry of <see cref="Users"/> matches; low, because anyone who reaches the bot costs money. 0 means no limit.</summary>
    [Range(0, long.MaxValue)]
    public long DailyTokens { get; set; } = 50_000;

    /// <summary>Limits for known users (the owner, allowlisted friends); the most specific match wins.</summary>
    public List<UserBudgetOptions> Users { get; set; } = [];

    /// <summary>Returns the daily limit for the user, 0 for none.</summary>
    public long DailyLimitFor(string platform, string userId)
    {
        var best = Users
            .Select(u => (u.DailyTokens, Score: Score(u.Match, platform, userId)))
            .Where(u => u.Score >= 0)
            .OrderByDescending(u => u.Score)
            .FirstOrDefault((DailyTokens, Score: -1));
        return best.DailyTokens;
    }

    private static int Score(string match, string platform, string userId)
    {
        var parts = match.Trim().Split(':');
        var p = parts[0];
        var u = parts.Length > 1 ? parts[1] : "*";
        if ((p != "*" && p != platform) || (u != "*" && u != userId))
        {
            return -1;
        }

        return (p == "*" ? 0 : 1) + (u == "*" ? 0 : 2);
    }
}
