namespace MyBot.Api.Contracts.Agents;

/// <summary>One agent of the workspace.</summary>
/// <param name="Model">The model it asks: its own, or the configured default (<c>MyBot:Llm:Model</c>) when <paramref name="ModelIsDefault"/>.</param>
/// <param name="Bindings">The <c>MyBot:Bindings</c> patterns that route conversations to it.</param>
/// <param name="IsDefault">It answers when no binding matches (<c>MyBot:DefaultAgent</c>).</param>
public sealed record AgentReport(
    string Name,
    string Description,
    string Model,
    bool ModelIsDefault,
    IReadOnlyList<string> Tools,
    IReadOnlyList<string> Bindings,
    bool IsDefault,
    string Path);
