using MyBot.Channels.Web;

namespace MyBot.Server.AdminConsole;

/// <summary>
/// The console's files, embedded in this assembly and served under <c>/admin</c> with versioned addresses; the page,
/// which names those addresses, is never cached.
/// </summary>
public sealed class ConsoleAssets
{
    public const string PageName = "index.html";

    private readonly EmbeddedAssets _assets = new(typeof(ConsoleAssets).Assembly, "admin/", AdminConsoleEndpoints.Route);

    public ConsoleAssets() => Page = _assets.Text(PageName);

    /// <summary>The console page with its assets' versioned addresses.</summary>
    public string Page { get; }

    public bool TryGet(string name, out EmbeddedAsset asset) => _assets.TryGet(name, out asset);
}
