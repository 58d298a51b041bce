using Microsoft.Playwright;

namespace MyBot.Browser.Tests.Support;

/// <summary>The chat page as a person uses it: type, press Enter, read the replies.</summary>
public sealed class ChatPage(IPage page)
{
    private static readonly float Timeout = (float)ChatServer.Bound.TotalMilliseconds;

    public IPage Page { get; } = page;

    public ILocator AgentMessages => Page.Locator(".message.agent");

    public ILocator UserMessages => Page.Locator(".message.user");

    public ILocator Typing => Page.Locator("#typing");

    public ILocator Connection => Page.Locator("#connection");

    /// <summary>The conversation the page shows (the part after <c>#</c>).</summary>
    public string Conversation => new Uri(Page.Url).Fragment.TrimStart('#');

    public async Task SendAsync(string text)
    {
        await Page.Locator("#input").FillAsync(text);
        await Page.Locator("#input").PressAsync("Enter");
    }

    public Task WaitUntilOnlineAsync() =>
        Assertions.Expect(Connection).ToHaveAttributeAsync("data-state", "online", new() { Timeout = Timeout });

    /// <summary>Waits until <paramref name="count"/> replies are shown; returns the last one.</summary>
    public async Task<ILocator> WaitForRepliesAsync(int count)
    {
        await Assertions.Expect(AgentMessages).ToHaveCountAsync(count, new() { Timeout = Timeout });
        return AgentMessages.Nth(count - 1);
    }
}
