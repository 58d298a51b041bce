using Microsoft.Playwright;
using MyBot.TestKit;
using MyBot.TestKit.Server;

namespace MyBot.Browser.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright, once per test collection. Playwright's own browser download is not used:
/// <c>scripts/install-test-deps.sh</c> installs the distribution's Chromium (the fixture runs it when Chromium is missing), and
/// without it every test fails saying why.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The phone the chat is made for first (an iPhone 12 to 15's CSS viewport).</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    /// <summary>Where screenshots go: <c>artifacts/screenshots</c> under the repository root (git-ignored), kept by CI as test artifacts.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        // As root (CI, a container) the script installs the distribution's package; otherwise it says how to.
        TestDependencies.EnsureInstalled(ChromiumPath, "Chromium");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    /// <summary>A fresh browser profile (no cookies, no storage) showing <paramref name="url"/>.</summary>
    public async Task<IPage> OpenAsync(Uri url, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport ?? Phone, Locale = "en-GB", TimezoneId = "UTC" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(url.ToString());
        return page;
    }

    /// <summary>Saves a screenshot of the page as <c>artifacts/screenshots/&lt;name&gt;.png</c>; returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        return path;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
