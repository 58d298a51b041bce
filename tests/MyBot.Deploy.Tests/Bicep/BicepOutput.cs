namespace MyBot.Deploy.Tests.Bicep;

/// <summary>An <c>output</c> declaration and its value expression.</summary>
internal sealed record BicepOutput(string Name, string Type, string Expression);
