namespace MyBot.Deploy.Tests.Bicep;

/// <summary>A <c>module</c> declaration: the Bicep file it deploys and the parameter values it passes (as source text).</summary>
internal sealed record BicepModuleCall(string Symbol, string Path, BicepObject Body)
{
    public BicepObject Params => Body["params"] is { } text ? BicepObject.Parse(text) : new BicepObject(new Dictionary<string, string>());
}
