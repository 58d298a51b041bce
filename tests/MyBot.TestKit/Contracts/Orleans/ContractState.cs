namespace MyBot.TestKit.Contracts.Orleans;

/// <summary>A grain state shaped like the app's: a plain class with public properties.</summary>
public sealed class ContractState
{
    public string Text { get; set; } = string.Empty;

    public List<string> Items { get; set; } = [];
}
