namespace MyBot.Channels.Web;

/// <summary>
/// The chat's files, embedded in this assembly and served under <c>/web</c> with versioned addresses; the two HTML
/// pages, which name those addresses, are never cached.
/// </summary>
internal sealed class WebAssets
{
    public const string RoutePrefix = "/web";

    private readonly EmbeddedAssets _assets = new(typeof(WebAssets).Assembly, "wwwroot/", RoutePrefix);

    public WebAssets()
    {
        ChatPage = _assets.Text("index.html");
        SignInPage = _assets.Text("login.html");
    }

    /// <summary>The chat page, with its assets' versioned addresses; <c>{{signout}}</c> is where the sign-out form is hidden or not.</summary>
    public string ChatPage { get; }

    /// <summary>The sign-in form; <c>{{error}}</c> is where a refusal is said.</summary>
    public string SignInPage { get; }

    public bool TryGet(string name, out EmbeddedAsset asset) => _assets.TryGet(name, out asset);

    public string VersionedPath(string name) => _assets.VersionedPath(name);
}
