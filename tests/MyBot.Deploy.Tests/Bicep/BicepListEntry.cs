namespace MyBot.Deploy.Tests.Bicep;

/// <summary>
/// An object inside an array expression (an environment variable or a secret), and whether it sits in the branch of a
/// <c>cond ? [] : [...]</c> conditional, i.e. is only deployed when some parameter is given.
/// </summary>
internal sealed record BicepListEntry(BicepObject Object, bool IsConditional)
{
    public string Name => BicepObject.Literal(Object["name"]) ?? throw new FormatException("An entry's name must be a string literal.");
}
