using MyBot.Runtime.Storage.Memory;

namespace MyBot.TestKit.Grains;

/// <summary>The in-memory stores of a <see cref="TestSilo"/>; they outlive it, like a disk outlives a process.</summary>
public sealed class SharedStores(TimeProvider time)
{
    public MemoryGrainStorage Grains { get; } = new();

    public MemoryQueueStorage Queues { get; } = new(time);

    public MemoryDeadLetterStore DeadLetters { get; } = new();

    public MemoryReminderStorage Reminders { get; } = new();
}
