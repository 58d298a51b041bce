namespace MyBot.Runtime;

/// <summary>The stable name a grain class is stored under; defaults to the class name.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
