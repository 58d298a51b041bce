namespace MyBot.Agent.Agents;

/// <summary>An agent as its <c>AGENT.md</c> describes it: front matter settings and the system prompt.</summary>
/// <param name="Model">Null uses the LLM client's configured model.</param>
/// <param name="Tools">Names of the tools the agent may call; empty allows none.</param>
public sealed record AgentDefinition(
    string Name,
    string Description,
    string? Model,
    float? Temperature,
    IReadOnlyList<string> Tools,
    int? MaxTokens,
    string Prompt,
    string SourcePath)
{
    /// <summary>Skills the agent may load with <c>use_skill</c> (<c>*</c>: all); names without a loaded skill are skipped.</summary>
    public IReadOnlyList<string> Skills { get; init; } = [];

    /// <summary>Agents this one may hand a task to with <c>dispatch_agent</c>.</summary>
    public IReadOnlyList<string> Subagents { get; init; } = [];

    public bool AllowsSkill(string skill) => Skills.Contains(AgentFileParser.AllSkills) || Skills.Contains(skill);
}
