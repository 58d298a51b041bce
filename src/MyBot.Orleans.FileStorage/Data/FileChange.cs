namespace MyBot.Orleans.FileStorage.Data;

/// <summary>A file of the data directory given its whole new content, or deleted when <paramref name="Content"/> is null.</summary>
public sealed record FileChange(string Path, byte[]? Content);
