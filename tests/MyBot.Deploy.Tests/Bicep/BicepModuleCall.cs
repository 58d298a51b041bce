namespace MyBot.Deploy.Tests.Bicep;

/// <summary>
/// A <c>module</c> declaration: the Bicep file it deploys, the parameter values it passes (as source text), the header
/// of its loop (<c>i in range(0, n)</c> for <c>[for i in range(0, n): {...}]</c>; null when it deploys once) and its decorators.
/// </summary>
internal sealed record BicepModuleCall(string Symbol, string Path, BicepObject Body, string? Loop, IReadOnlyList<string> Decorators)
{
    public BicepObject Params => Body["params"] is { } text ? BicepObject.Parse(text) : new BicepObject(new Dictionary<string, string>());
}
