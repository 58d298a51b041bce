namespace MyBot.Grains;

[GenerateSerializer]
[Immutable]
[Alias("mybot.approved-user")]
public sealed record ApprovedUser(
    [property: Id(0)] string Platform,
    [property: Id(1)] string UserId,
    [property: Id(2)] string? DisplayName,
    [property: Id(3)] DateTimeOffset ApprovedAt);
