namespace MyBot.Grains;

/// <param name="InboxCount">Events accepted and not yet answered or dead-lettered.</param>
/// <param name="CurrentAttempts">Attempts recorded for the event at the head of the inbox.</param>
/// <param name="AnsweredCount">Ids remembered for dedupe.</param>
[GenerateSerializer]
[Immutable]
[Alias("mybot.session-snapshot")]
public sealed record SessionSnapshot(
    [property: Id(0)] int InboxCount,
    [property: Id(1)] int CurrentAttempts,
    [property: Id(2)] int AnsweredCount);
