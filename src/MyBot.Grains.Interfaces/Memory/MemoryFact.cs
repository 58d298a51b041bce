namespace MyBot.Grains;

/// <param name="Id">Short and stable, so the model (or the user) can forget one fact by id.</param>
[GenerateSerializer]
[Immutable]
[Alias("mybot.memory-fact")]
public sealed record MemoryFact(
    [property: Id(0)] string Id,
    [property: Id(1)] string Text,
    [property: Id(2)] DateTimeOffset RememberedAt);
