using System.ComponentModel.DataAnnotations;

namespace MyBot.Agent.Usage;

public sealed class UserBudgetOptions
{
    /// <summary><c>platform:user</c>, either part may be <c>*</c>.</summary>
    [Required]
    public string Match { get; set; } = string.Empty;

    /// <summary>Tokens per UTC day; 0 means no limit.</summary>
    [Range(0, long.MaxValue)]
    public long DailyTokens { get; set; }
}
