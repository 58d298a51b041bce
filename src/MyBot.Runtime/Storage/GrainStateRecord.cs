namespace MyBot.Runtime.Storage;

public sealed record GrainStateRecord(ReadOnlyMemory<byte> Data, string ETag);
