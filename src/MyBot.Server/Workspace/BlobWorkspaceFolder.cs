using Microsoft.Extensions.FileProviders;

namespace MyBot.Server.Workspace;

/// <summary>A folder of the workspace: blob storage has none, so it is the common prefix of the blobs under it.</summary>
internal sealed class BlobWorkspaceFolder(string name) : IFileInfo
{
    public bool Exists => true;

    public bool IsDirectory => true;

    public long Length => -1;

    public string? PhysicalPath => null;

    public string Name { get; } = name;

    public DateTimeOffset LastModified => DateTimeOffset.MinValue;

    public Stream CreateReadStream() => throw new InvalidOperationException($"'{Name}' is a folder.");
}
