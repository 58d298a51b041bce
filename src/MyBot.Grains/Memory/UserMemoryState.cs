namespace MyBot.Agent.Memory;

public sealed class UserMemoryState
{
    public List<MemoryFact> Facts { get; set; } = [];

    public int NextId { get; set; } = 1;
}
