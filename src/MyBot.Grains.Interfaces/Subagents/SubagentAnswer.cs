namespace MyBot.Grains;

/// <param name="Text">The subagent's answer, or what went wrong.</param>
/// <param name="IsError">The task did not finish (time limit, no such agent, the model refused); <paramref name="Text"/> says why.</param>
[GenerateSerializer]
[Immutable]
[Alias("mybot.subagent-answer")]
public sealed record SubagentAnswer(
    [property: Id(0)] string Text,
    [property: Id(1)] bool IsError = false);
