namespace MyBot.Grains.Usage;

/// <summary>The stored state of <see cref="UsageDirectoryGrain"/>: each user's last day with usage.</summary>
[GenerateSerializer]
[Alias("mybot.usage-directory-state")]
public sealed class UsageDirectoryState
{
    [Id(0)]
    public Dictionary<string, DateOnly> LastDay { get; set; } = new(StringComparer.Ordinal);
}
