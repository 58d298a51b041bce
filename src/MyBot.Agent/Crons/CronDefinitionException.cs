namespace MyBot.Agent.Crons;

/// <summary>A <c>CRON.md</c> that cannot be used; the message names the file and line so the owner can fix it.</summary>
public sealed class CronDefinitionException(string path, int line, string problem)
    : Exception($"{path}({line}): {problem}")
{
    public string Path { get; } = path;

    public int Line { get; } = line;
}
