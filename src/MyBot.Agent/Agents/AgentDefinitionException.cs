namespace MyBot.Agent.Agents;

/// <summary>An <c>AGENT.md</c> that cannot be used; the message names the file and line so the owner can fix it.</summary>
public sealed class AgentDefinitionException(string path, int line, string problem, Exception? innerException = null)
    : Exception($"{path}({line}): {problem}", innerException)
{
    public string Path { get; } = path;

    public int Line { get; } = line;

    public string Problem { get; } = problem;
}
