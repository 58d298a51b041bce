namespace MyBot.Agent.Usage;

public sealed class ModelUsage
{
    public long InputTokens { get; set; }

    public long OutputTokens { get; set; }

    public long TotalTokens => InputTokens + OutputTokens;
}
