namespace MyBot.Runtime.Storage;

public sealed record ReminderEntry(int Partition, GrainId GrainId, string Name, DateTimeOffset DueAt);
