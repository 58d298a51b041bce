using Microsoft.Playwright;
using MyBot.TestKit;

namespace MyBot.Browser.Tests.Support;

/// <summary>The owner's console (<c>/admin</c>) as the owner uses it: sign in on the chat page, open a section, press its buttons.</summary>
public sealed class ConsolePage(IPage page)
{
    private static readonly float Timeout = (float)BrowserTestServer.Bound.TotalMilliseconds;

    public IPage Page { get; } = page;

    public ILocator Status => Page.Locator("#status");

    public ILocator SignInNotice => Page.Locator("#signin");

    /// <summary>Signs in with the API token through the chat page's form (the session cookie the console's calls then carry).</summary>
    public static async Task<ConsolePage> SignInAndOpenAsync(BrowserFixture browser, BrowserTestServer server, string section)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(server);
        var page = await browser.OpenAsync(server.Url);
        await page.Locator("#token").FillAsync(server.Options.Token!);
        await page.Locator("form.signin button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#input")).ToBeVisibleAsync(new() { Timeout = Timeout });
        var console = new ConsolePage(page);
        await console.OpenAsync(server, section);
        return console;
    }

    public async Task OpenAsync(BrowserTestServer server, string section)
    {
        ArgumentNullException.ThrowIfNull(server);
        await Page.GotoAsync(new Uri(server.Url, $"/admin#{section}").ToString());
        await Assertions.Expect(Page.Locator($"#{section}")).ToHaveAttributeAsync("data-loaded", new System.Text.RegularExpressions.Regex("."), new() { Timeout = Timeout });
    }

    /// <summary>Presses the section's Refresh until <paramref name="locator"/> shows, as an owner waiting for something would.</summary>
    public async Task RefreshUntilVisibleAsync(string section, ILocator locator)
    {
        ArgumentNullException.ThrowIfNull(locator);
        await Eventually.WaitUntilAsync(
            async () =>
            {
                await Page.Locator($"#{section} button.refresh").ClickAsync();
                return await locator.CountAsync() > 0;
            },
            BrowserTestServer.Bound,
            $"{locator} in the console's {section} section");
        await Assertions.Expect(locator.First).ToBeVisibleAsync(new() { Timeout = Timeout });
    }
}
