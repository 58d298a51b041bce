using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace MyBot.Channels.Web;

/// <summary>
/// The page's files, embedded in this assembly. Each is addressed as <c>/web/&lt;name&gt;?v=&lt;hash of its content&gt;</c>,
/// so a browser may keep it for a year and still fetches a changed file at once; the two HTML pages, which name those
/// addresses, are never cached.
/// </summary>
internal sealed class WebAssets
{
    public const string RoutePrefix = "/web";

    private const string ResourcePrefix = "wwwroot/";

    private readonly Dictionary<string, Asset> _assets;

    public WebAssets()
    {
        var assembly = typeof(WebAssets).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToDictionary(name => name[ResourcePrefix.Length..], name => Read(assembly, name), StringComparer.Ordinal);

        // Files that name no other file first, then scripts that import them, then the pages: each hashes the versioned names it contains.
        _assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var (name, content) in files.Where(f => !NamesOthers(f.Value)))
        {
            _assets[name] = Create(name, content);
        }

        foreach (var (name, content) in files.Where(f => NamesOthers(f.Value)).OrderBy(f => f.Key.EndsWith(".html", StringComparison.Ordinal)))
        {
            _assets[name] = Create(name, Encoding.UTF8.GetBytes(Render(Encoding.UTF8.GetString(content))));
        }

        ChatPage = Encoding.UTF8.GetString(_assets["index.html"].Content);
        SignInPage = Encoding.UTF8.GetString(_assets["login.html"].Content);
    }

    /// <summary>The chat page, with its assets' versioned addresses; <c>{{signout}}</c> is where the sign-out form is hidden or not.</summary>
    public string ChatPage { get; }

    /// <summary>The sign-in form; <c>{{error}}</c> is where a refusal is said.</summary>
    public string SignInPage { get; }

    public bool TryGet(string name, out Asset asset) => _assets.TryGetValue(name, out asset!);

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

    private static byte[] Read(System.Reflection.Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static Asset Create(string name, byte[] content)
    {
        var version = Convert.ToHexStringLower(SHA256.HashData(content))[..16];
        return new Asset(content, ContentType(name), version, new EntityTagHeaderValue($"\"{version}\""));
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

    internal sealed record Asset(byte[] Content, string ContentType, string Version, EntityTagHeaderValue ETag);
}
