using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace MyBot.Channels.Web;

/// <summary>
/// Files embedded in an assembly under a resource prefix, each addressed as <c>&lt;route&gt;/&lt;name&gt;?v=&lt;hash of its
/// content&gt;</c>, so a browser may keep it for a year and still fetches a changed file at once. A file that names
/// another as <c>{{name}}</c> gets that file's versioned address, and its own hash covers it; the pages that name them are
/// served uncached by their endpoints.
/// </summary>
public sealed class EmbeddedAssets
{
    private readonly Dictionary<string, EmbeddedAsset> _assets = new(StringComparer.Ordinal);

    public EmbeddedAssets(Assembly assembly, string resourcePrefix, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        RoutePrefix = routePrefix;
        var files = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(resourcePrefix, StringComparison.Ordinal))
            .ToDictionary(name => name[resourcePrefix.Length..], name => Read(assembly, name), StringComparer.Ordinal);

        // Files that name no other file first, then scripts that import them, then the pages: each hashes the versioned names it contains.
        foreach (var (name, content) in files.Where(f => !NamesOthers(f.Value)))
        {
            _assets[name] = Create(name, content);
        }

        foreach (var (name, content) in files.Where(f => NamesOthers(f.Value)).OrderBy(f => f.Key.EndsWith(".html", StringComparison.Ordinal)))
        {
            _assets[name] = Create(name, Encoding.UTF8.GetBytes(Render(Encoding.UTF8.GetString(content))));
        }
    }

    public string RoutePrefix { get; }

    public bool TryGet(string name, out EmbeddedAsset asset) => _assets.TryGetValue(name, out asset!);

    /// <summary>A file's text with the versioned addresses of the files it names.</summary>
    public string Text(string name) => Encoding.UTF8.GetString(_assets[name].Content);

    public string VersionedPath(string name) => $"{RoutePrefix}/{name}?v={_assets[name].Version}";

    private static bool NamesOthers(byte[] content) => Encoding.UTF8.GetString(content).Contains("{{", StringComparison.Ordinal);

    private string Render(string text)
    {
        foreach (var name in _assets.Keys)
        {
            text = text.Replace("{{" + name + "}}", VersionedPath(name), StringComparison.Ordinal);
        }

        return text;
    }

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static EmbeddedAsset Create(string name, byte[] content)
    {
        var version = Convert.ToHexStringLower(SHA256.HashData(content))[..16];
        return new EmbeddedAsset(content, ContentType(name), version, new EntityTagHeaderValue($"\"{version}\""));
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".html" => "text/html; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}
