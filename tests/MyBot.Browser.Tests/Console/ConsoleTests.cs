using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MyBot.Browser.Tests.Support;
using MyBot.TestKit;
using MyBot.TestKit.Llm;
using MyBot.TestKit.Telegram;

namespace MyBot.Browser.Tests.Console;

/// <summary>The owner's console in Chromium against the real server: what the owner sees and what its buttons do.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleTests(BrowserFixture browser)
{
    private const string Token = "browser-console-token-0123456789";
    private static readonly float Timeout = (float)BrowserTestServer.Bound.TotalMilliseconds;

    [Fact]
    public async Task The_channels_section_shows_why_a_stopped_channel_is_off_and_asks_for_sign_in_first()
    {
        await using var server = await BrowserTestServer.StartAsync(new BrowserTestServerOptions { Token = Token });
        var anonymous = new ConsolePage(await browser.OpenAsync(new Uri(server.Url, "/admin#channels")));
        await Assertions.Expect(anonymous.SignInNotice).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Assertions.Expect(anonymous.Page.Locator("#channels-list article")).ToHaveCountAsync(0);

        var console = await ConsolePage.SignInAndOpenAsync(browser, server, "channels");

        await Assertions.Expect(console.SignInNotice).ToBeHiddenAsync();
        var telegram = console.Page.Locator("#channels-list article[data-platform=telegram]");
        await Assertions.Expect(telegram.Locator(".badge")).ToHaveTextAsync("disabled");
        await Assertions.Expect(telegram.Locator(".reason")).ToContainTextAsync("MyBot:Telegram:BotToken");
        var discord = console.Page.Locator("#channels-list article[data-platform=discord]");
        await Assertions.Expect(discord.Locator(".reason")).ToHaveTextAsync("MyBot:Discord:BotToken is not set");
        await Assertions.Expect(console.Page.Locator("#channels-list article[data-platform=http] .badge")).ToHaveTextAsync("running");
        await Assertions.Expect(console.Page.Locator("a.dashboard")).ToHaveAttributeAsync("href", "/dashboard");
        await BrowserFixture.ScreenshotAsync(console.Page, "console-channels-390x844");
    }

    [Fact]
    public async Task Approving_a_telegram_users_pairing_code_in_the_console_gets_that_user_answered()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();

        // The bot's direct answer (the code) is not retried: the person writing twice in a second must not lose it.
        telegram.EnforceRateLimits = false;
        await using var server = await BrowserTestServer.StartAsync(new BrowserTestServerOptions
        {
            Token = Token,
            Settings = new Dictionary<string, string?>
            {
                ["MyBot__Telegram__BotToken"] = telegram.Token,
                ["MyBot__Telegram__ApiBaseUrl"] = telegram.Url.ToString(),
                ["MyBot__Telegram__PollTimeout"] = "00:00:02",
            },
        });
        var console = await ConsolePage.SignInAndOpenAsync(browser, server, "pairing");

        telegram.AddTextMessage(900, 900, "hello, may I?", firstName: "Nora");
        await Eventually.WaitUntilAsync(() => telegram.SentTo(900).Count == 1, BrowserTestServer.Bound, "the pairing code to be sent");
        var card = console.Page.Locator("#pairing-pending article");
        await console.RefreshUntilVisibleAsync("pairing", card);
        await Assertions.Expect(card).ToContainTextAsync("Nora (900)");
        var code = await card.GetAttributeAsync("data-code");
        Assert.Contains(code!, telegram.SentTo(900)[0].VisibleText, StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(console.Page, "console-pairing-390x844");

        await card.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Assertions.Expect(console.Status).ToHaveTextAsync($"Approved {code}", new() { Timeout = Timeout });
        await Assertions.Expect(card).ToHaveCountAsync(0);
        await Assertions.Expect(console.Page.Locator("#pairing-approved article[data-user='telegram:900']")).ToContainTextAsync("Nora");
        telegram.AddTextMessage(900, 900, "thank you", firstName: "Nora");
        await Eventually.WaitUntilAsync(() => telegram.SentTo(900).Any(m => m.VisibleText == "echo: thank you"), BrowserTestServer.Bound, "the approved user's answer");
    }

    [Fact]
    public async Task Retrying_a_dead_letter_in_the_console_delivers_its_answer()
    {
        await using var server = await BrowserTestServer.StartAsync(new BrowserTestServerOptions
        {
            Token = Token,
            Settings = new Dictionary<string, string?> { ["MyBot__Session__MaxAttempts"] = "2" },
        });
        var healed = false;
        server.Llm.Responder = request => !Volatile.Read(ref healed) && request.LastUserText.Contains("poison", StringComparison.Ordinal)
            ? ScriptedReply.WithMalformedBody("{\"choices\": \"this is not a completion\"")
            : ScriptedReply.Echo(request);
        using var api = server.Process.CreateClient(Token);
        using (var posted = await api.PostAsJsonAsync("/api/messages", new { user = "ivan", text = "poison pill", id = "p1" }))
        {
            posted.EnsureSuccessStatusCode();
        }

        var console = await ConsolePage.SignInAndOpenAsync(browser, server, "deadletters");
        var letter = console.Page.Locator("#deadletters-list article");
        await console.RefreshUntilVisibleAsync("deadletters", letter);
        await Assertions.Expect(letter.Locator("h4")).ToHaveTextAsync("http:ivan:ivan");
        await letter.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(letter.Locator("pre.payload")).ToContainTextAsync("poison pill");
        await BrowserFixture.ScreenshotAsync(console.Page, "console-deadletters-390x844");

        Volatile.Write(ref healed, true);
        await letter.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();

        await Assertions.Expect(console.Status).ToContainTextAsync("Retried", new() { Timeout = Timeout });
        await Assertions.Expect(letter).ToHaveCountAsync(0);
        await Eventually.WaitUntilAsync(
            async () => (await api.GetFromJsonAsync<JsonElement>("/api/messages?source=http:ivan:ivan&wait=5"))
                .EnumerateArray().Any(r => r.GetProperty("text").GetString() == "echo: poison pill"),
            BrowserTestServer.Bound,
            "the retried message's answer");
    }
}
