using Azure;
using Microsoft.Extensions.FileProviders;

namespace MyBot.Server.Workspace;

/// <summary>A workspace file as last read from its blob; its content is held in memory (a workspace is a few small text files).</summary>
internal sealed class BlobWorkspaceFile(string name, ETag etag, DateTimeOffset lastModified, BinaryData content) : IFileInfo
{
    public ETag ETag { get; } = etag;

    public bool Exists => true;

    public bool IsDirectory => false;

    public long Length => content.ToMemory().Length;

    public string? PhysicalPath => null;

    public string Name { get; } = name;

    public DateTimeOffset LastModified { get; } = lastModified;

    public Stream CreateReadStream() => content.ToStream();
}
