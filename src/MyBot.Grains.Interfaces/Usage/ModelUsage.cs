namespace MyBot.Grains;

[GenerateSerializer]
[Alias("mybot.model-usage")]
public sealed class ModelUsage
{
    [Id(0)]
    public long InputTokens { get; set; }

    [Id(1)]
    public long OutputTokens { get; set; }

    public long TotalTokens => InputTokens + OutputTokens;
}
