namespace MyBot.Agent.Usage;

/// <summary>What a model costs, in the owner's currency per million tokens.</summary>
public sealed class ModelPrice
{
    public decimal InputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }
}
