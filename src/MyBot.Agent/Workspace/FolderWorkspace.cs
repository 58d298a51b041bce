using System.Text;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;

namespace MyBot.Agent.Workspace;

/// <summary>The workspace as a folder (<c>MyBot:Workspace</c>, default <c>&lt;DataDir&gt;/workspace</c>), watched by the file system.</summary>
public sealed class FolderWorkspace : IAgentWorkspace, IDisposable
{
    private readonly PhysicalFileProvider _files;

    public FolderWorkspace(IOptions<AgentOptions> options)
    {
        Root = options.Value.ResolveWorkspace();
        Directory.CreateDirectory(Root);

        // Nothing excluded: a folder named like a hidden one is reported as an invalid agent name, not silently skipped.
        _files = new PhysicalFileProvider(Root, ExclusionFilters.None);
    }

    public string Root { get; }

    public IFileProvider Files => _files;

    public string Locate(string path) => Path.Combine(Root, path.Replace('/', Path.DirectorySeparatorChar));

    public bool CreateIfMissing(string path, string content)
    {
        var file = Locate(path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        try
        {
            using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
            stream.Write(Encoding.UTF8.GetBytes(content));
            return true;
        }
        catch (IOException) when (File.Exists(file))
        {
            return false;
        }
    }

    public void Dispose() => _files.Dispose();
}
