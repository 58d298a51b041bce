using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace MyBot.Server.AdminConsole;

/// <summary>
/// The console's files, embedded in this assembly. Each is addressed as <c>/admin/&lt;name&gt;?v=&lt;hash of its content&gt;</c>,
/// so a browser may keep it for a year and still fetches a changed file at once; the page, which names those addresses,
/// is never cached.
/// </summary>
public sealed class ConsoleAssets
{
    public const string PageName = "index.html";

    private const string ResourcePrefix = "admin/";

    private readonly Dictionary<string, Asset> _assets;

    public ConsoleAssets()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        _assets = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToDictionary(name => name[ResourcePrefix.Length..], name => Load(assembly, name), StringComparer.Ordinal);
        var page = Encoding.UTF8.GetString(_assets[PageName].Content);
        foreach (var name in _assets.Keys.Where(n => n != PageName))
        {
            page = page.Replace("{{" + name + "}}", $"{AdminConsoleEndpoints.Route}/{name}?v={_assets[name].Version}", StringComparison.Ordinal);
        }

        Page = page;
    }

    /// <summary>The console page with its assets' versioned addresses.</summary>
    public string Page { get; }

    public bool TryGet(string name, out Asset asset) => _assets.TryGetValue(name, out asset!);

    private static Asset Load(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var content = copy.ToArray();
        var version = Convert.ToHexStringLower(SHA256.HashData(content))[..16];
        var contentType = Path.GetExtension(resource) switch
        {
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".html" => "text/html; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        return new Asset(content, contentType, version, new EntityTagHeaderValue($"\"{version}\""));
    }

    public sealed record Asset(byte[] Content, string ContentType, string Version, EntityTagHeaderValue ETag);
}
