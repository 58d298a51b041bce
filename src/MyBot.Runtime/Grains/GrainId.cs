namespace MyBot.Runtime;

/// <summary>The identity of a grain: its type name (stable, used in storage) and its key.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
