namespace MyBot.Agent.Workspace;

/// <summary>A workspace file (<c>AGENT.md</c>, <c>SKILL.md</c>) that cannot be used; the message names the file and line so the owner can fix it.</summary>
public sealed class WorkspaceFileException(string path, int line, string problem, Exception? innerException = null)
    : Exception($"{path}({line}): {problem}", innerException)
{
    public string Path { get; } = path;

    public int Line { get; } = line;

    public string Problem { get; } = problem;
}
