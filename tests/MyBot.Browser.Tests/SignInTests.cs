using System.Net;
using System.Net.WebSockets;
using Microsoft.Playwright;
using MyBot.Browser.Tests.Support;

namespace MyBot.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture browser)
{
    private const string Token = "browser-test-token-0123456789";
    private const string OtherOrigin = "http://evil.example";

    [Fact]
    public async Task With_a_token_the_page_asks_for_it_refuses_a_wrong_one_and_the_cookie_opens_the_chat_and_its_socket()
    {
        await using var server = await ChatServer.StartAsync(new ChatServerOptions { Token = Token });
        var page = await browser.OpenAsync(server.Url);
        await Assertions.Expect(page.Locator("#token")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#messages")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "sign-in-390x844");

        await page.Locator("#token").FillAsync("not-the-token");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#token").PressAsync("Enter"),
            response => response.Url.EndsWith("/web/login", StringComparison.Ordinal));
        Assert.Equal((int)HttpStatusCode.Unauthorized, refused.Status);
        await Assertions.Expect(page.Locator(".error")).ToContainTextAsync("not the token");
        Assert.Empty(await page.Context.CookiesAsync());

        await page.Locator("#token").FillAsync(Token);
        await page.Locator("#token").PressAsync("Enter");
        var chat = new ChatPage(page);
        await chat.WaitUntilOnlineAsync();
        await chat.SendAsync("signed in");
        await Assertions.Expect(await chat.WaitForRepliesAsync(1)).ToContainTextAsync("echo: signed in");

        var cookie = Assert.Single(await page.Context.CookiesAsync());
        Assert.Equal("mybot_session", cookie.Name);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(Token, cookie.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_socket_needs_the_cookie_and_the_servers_own_origin()
    {
        await using var server = await ChatServer.StartAsync(new ChatServerOptions { Token = Token });
        var page = await SignInAsync(server);
        var cookie = Assert.Single(await page.Context.CookiesAsync());
        var header = $"{cookie.Name}={cookie.Value}";
        var ownOrigin = server.Url.GetLeftPart(UriPartial.Authority);

        await Assert.ThrowsAsync<WebSocketException>(() => server.ConnectSocketAsync(ownOrigin));
        await Assert.ThrowsAsync<WebSocketException>(() => server.ConnectSocketAsync(OtherOrigin, header));
        await Assert.ThrowsAsync<WebSocketException>(() => server.ConnectSocketAsync(ownOrigin, $"{cookie.Name}=forged"));
        using var accepted = await server.ConnectSocketAsync(ownOrigin, header);
        Assert.Equal(WebSocketState.Open, accepted.State);
    }

    [Fact]
    public async Task Without_a_token_a_socket_from_another_origin_is_refused()
    {
        await using var server = await ChatServer.StartAsync();

        await Assert.ThrowsAsync<WebSocketException>(() => server.ConnectSocketAsync(OtherOrigin));
        using var accepted = await server.ConnectSocketAsync(server.Url.GetLeftPart(UriPartial.Authority));
        Assert.Equal(WebSocketState.Open, accepted.State);
    }

    [Fact]
    public async Task The_session_cookie_opens_the_admin_api_survives_a_restart_and_is_refused_from_another_origin()
    {
        await using var server = await ChatServer.StartAsync(new ChatServerOptions { Token = Token });
        var page = await SignInAsync(server);
        var api = page.Context.APIRequest;
        var deadLetters = new Uri(server.Url, "/api/admin/deadletters").ToString();

        Assert.Equal(200, (await api.GetAsync(deadLetters)).Status);
        var forged = await api.PostAsync(new Uri(server.Url, "/api/messages").ToString(), new()
        {
            Headers = new Dictionary<string, string> { ["Origin"] = OtherOrigin },
            DataObject = new { user = "x", text = "forged" },
        });
        Assert.Equal(403, forged.Status);

        server.Kill();
        await server.StartAgainAsync();
        Assert.Equal(200, (await api.GetAsync(deadLetters)).Status);
        await page.ReloadAsync();
        await new ChatPage(page).WaitUntilOnlineAsync();

        await page.Locator("#menu").ClickAsync();
        await page.Locator("#signout button").ClickAsync();
        await Assertions.Expect(page.Locator("#token")).ToBeVisibleAsync();
        Assert.Equal(401, (await api.GetAsync(deadLetters)).Status);
    }

    private async Task<IPage> SignInAsync(ChatServer server)
    {
        var page = await browser.OpenAsync(server.Url);
        await page.Locator("#token").FillAsync(Token);
        await page.Locator("#token").PressAsync("Enter");
        await new ChatPage(page).WaitUntilOnlineAsync();
        return page;
    }
}
