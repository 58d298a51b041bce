namespace MyBot.Agent.Memory;

/// <param name="Id">Short and stable, so the model (or the user) can forget one fact by id.</param>
public sealed record MemoryFact(string Id, string Text, DateTimeOffset RememberedAt);
