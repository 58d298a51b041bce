using System.ComponentModel.DataAnnotations;

namespace MyBot.Agent.Skills;

/// <summary>Bound from <c>MyBot:Skills</c>.</summary>
public sealed class SkillOptions
{
    public const string SectionName = "MyBot:Skills";

    /// <summary>The largest file of a skill <c>use_skill</c> reads; a bigger one is refused rather than read into memory.</summary>
    [Range(1024, 10_000_000)]
    public int MaxFileBytes { get; set; } = 65_536;
}
