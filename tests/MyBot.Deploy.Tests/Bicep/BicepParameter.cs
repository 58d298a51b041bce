namespace MyBot.Deploy.Tests.Bicep;

/// <summary>A <c>param</c> declaration: its type, whether it is <c>@secure()</c>, and its default value's text (null: none).</summary>
internal sealed record BicepParameter(string Name, string Type, bool IsSecure, string? DefaultValue, IReadOnlyList<string> Decorators)
{
    public bool HasDefault => DefaultValue is not null;
}
