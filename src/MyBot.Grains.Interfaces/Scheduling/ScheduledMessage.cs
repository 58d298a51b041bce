namespace MyBot.Grains;

/// <param name="Id">Short (<c>r1</c>, <c>r2</c>…) so the user can cancel with <c>/reminders cancel r2</c>.</param>
[GenerateSerializer]
[Immutable]
[Alias("mybot.scheduled-message")]
public sealed record ScheduledMessage(
    [property: Id(0)] string Id,
    [property: Id(1)] string Text,
    [property: Id(2)] DateTimeOffset DueAt,
    [property: Id(3)] DateTimeOffset CreatedAt);
