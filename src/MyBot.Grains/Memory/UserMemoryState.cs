namespace MyBot.Grains.Memory;

[GenerateSerializer]
[Alias("mybot.user-memory-state")]
public sealed class UserMemoryState
{
    [Id(0)]
    public List<MemoryFact> Facts { get; set; } = [];

    [Id(1)]
    public int NextId { get; set; } = 1;
}
