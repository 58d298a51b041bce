namespace MyBot.Orleans.FileStorage.Data;

/// <summary>
/// A change to one file of the data directory: its whole new content, its deletion when <paramref name="Content"/> is
/// null, or (made with <see cref="Append"/>) bytes added at its end.
/// </summary>
public sealed record FileChange(string Path, byte[]? Content)
{
    /// <summary>True when <see cref="Content"/> goes at the end of the file, which is created when missing, instead of replacing it.</summary>
    public bool IsAppend { get; private init; }

    public static FileChange Append(string path, byte[] bytes) => new(path, bytes) { IsAppend = true };
}
