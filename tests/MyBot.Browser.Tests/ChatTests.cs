using Microsoft.Playwright;
using MyBot.Browser.Tests.Support;
using MyBot.TestKit.Llm;

namespace MyBot.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ChatTests(BrowserFixture browser)
{
    private static readonly float Timeout = (float)ChatServer.Bound.TotalMilliseconds;

    [Fact]
    public async Task A_message_sent_with_Enter_is_answered_and_the_reply_is_rendered_as_Markdown()
    {
        await using var server = await ChatServer.StartAsync();
        server.Llm.Responder = request => ScriptedReply.WithText(
            $"Here is **{request.LastUserText}**, with `inline code`:\n\n```csharp\nvar answer = 42;\n```\n\n- one\n- two\n\nSee [the docs](https://example.org/docs).");
        var chat = new ChatPage(await browser.OpenAsync(server.Url));
        await chat.WaitUntilOnlineAsync();

        await chat.SendAsync("the plan");

        var reply = await chat.WaitForRepliesAsync(1);
        await Assertions.Expect(reply.Locator("strong")).ToHaveTextAsync("the plan");
        await Assertions.Expect(reply.Locator("pre code")).ToHaveTextAsync("var answer = 42;");
        await Assertions.Expect(reply.Locator("li")).ToHaveCountAsync(2);
        await Assertions.Expect(reply.Locator("a")).ToHaveAttributeAsync("href", "https://example.org/docs");
        await Assertions.Expect(reply.Locator("a")).ToHaveAttributeAsync("rel", "noopener noreferrer");
        await Assertions.Expect(reply.Locator(".meta")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d\d:\d\d$"));
        await Assertions.Expect(chat.UserMessages).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("the plan"));
        await Assertions.Expect(chat.Page.Locator("#conversations .conversation[aria-current=true]")).ToHaveTextAsync("the plan");
        await BrowserFixture.ScreenshotAsync(chat.Page, "chat-390x844");
    }

    [Fact]
    public async Task Markup_from_the_model_or_the_user_stays_text_and_no_script_runs()
    {
        await using var server = await ChatServer.StartAsync();
        server.Llm.Responder = _ => ScriptedReply.WithText(
            "<script>window.pwned = 1</script> <img src=x onerror=\"window.pwned = 2\"> [click](javascript:window.pwned=3) **still bold**");
        var chat = new ChatPage(await browser.OpenAsync(server.Url));
        await chat.WaitUntilOnlineAsync();

        await chat.SendAsync("<b onclick=\"window.pwned = 4\">hi</b>");

        var reply = await chat.WaitForRepliesAsync(1);
        await Assertions.Expect(reply.Locator(".body")).ToContainTextAsync("<script>window.pwned = 1</script>");
        await Assertions.Expect(reply.Locator("strong")).ToHaveTextAsync("still bold");
        await Assertions.Expect(chat.UserMessages.First).ToContainTextAsync("<b onclick=");
        Assert.Equal(0, await chat.Page.Locator("#messages script, #messages img, #messages b, #messages a").CountAsync());
        Assert.True(await chat.Page.EvaluateAsync<bool>("() => window.pwned === undefined"));
    }

    [Fact]
    public async Task The_typing_indicator_shows_while_the_agent_works_and_goes_with_the_reply()
    {
        await using var server = await ChatServer.StartAsync();
        var chat = new ChatPage(await browser.OpenAsync(server.Url));
        await chat.WaitUntilOnlineAsync();
        await Assertions.Expect(chat.Typing).ToBeHiddenAsync();

        using (var hold = server.Llm.HoldReplies())
        {
            await chat.SendAsync("think hard");
            await hold.WaitForHeldRequestsAsync(1, ChatServer.Bound);
            await Assertions.Expect(chat.Typing).ToBeVisibleAsync(new() { Timeout = Timeout });
            await BrowserFixture.ScreenshotAsync(chat.Page, "chat-typing-390x844");
        }

        await Assertions.Expect(await chat.WaitForRepliesAsync(1)).ToContainTextAsync("echo: think hard");
        await Assertions.Expect(chat.Typing).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_reply_finished_while_the_page_was_closed_is_there_once_when_it_is_opened_again()
    {
        await using var server = await ChatServer.StartAsync();
        var first = new ChatPage(await browser.OpenAsync(server.Url));
        await first.WaitUntilOnlineAsync();
        var conversation = first.Conversation;
        using (var hold = server.Llm.HoldReplies())
        {
            await first.SendAsync("answer me later");
            await hold.WaitForHeldRequestsAsync(1, ChatServer.Bound);
            await first.Page.Context.CloseAsync();
        }

        var reopened = new ChatPage(await browser.OpenAsync(new Uri(server.Url, "/#" + conversation)));

        await Assertions.Expect(await reopened.WaitForRepliesAsync(1)).ToContainTextAsync("echo: answer me later");
        await Assertions.Expect(reopened.UserMessages).ToHaveCountAsync(1);
        await reopened.Page.ReloadAsync();
        await reopened.WaitUntilOnlineAsync();
        await reopened.WaitForRepliesAsync(1);
        await Assertions.Expect(reopened.UserMessages).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Killed_mid_turn_the_server_comes_back_and_the_open_page_reconnects_and_shows_the_reply_once()
    {
        await using var server = await ChatServer.StartAsync();
        var chat = new ChatPage(await browser.OpenAsync(server.Url));
        await chat.WaitUntilOnlineAsync();
        using (var hold = server.Llm.HoldReplies())
        {
            await chat.SendAsync("survive this");
            await hold.WaitForHeldRequestsAsync(1, ChatServer.Bound);
            server.Kill();
        }

        await Assertions.Expect(chat.Connection).ToHaveAttributeAsync("data-state", "offline", new() { Timeout = Timeout });
        await server.StartAgainAsync();
        await chat.WaitUntilOnlineAsync();
        await Assertions.Expect(await chat.WaitForRepliesAsync(1)).ToContainTextAsync("echo: survive this");
        await chat.SendAsync("and after");
        await chat.WaitForRepliesAsync(2);
        await Assertions.Expect(chat.AgentMessages).ToHaveTextAsync([new System.Text.RegularExpressions.Regex("echo: survive this"), new System.Text.RegularExpressions.Regex("echo: and after")]);
        await Assertions.Expect(chat.UserMessages).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task New_conversations_are_listed_and_each_keeps_its_own_messages()
    {
        await using var server = await ChatServer.StartAsync();
        var chat = new ChatPage(await browser.OpenAsync(server.Url, BrowserFixture.Desktop));
        await chat.WaitUntilOnlineAsync();
        await chat.SendAsync("first topic");
        await chat.WaitForRepliesAsync(1);

        await chat.Page.Locator("#new-conversation").ClickAsync();
        await chat.SendAsync("second topic");
        await Assertions.Expect(await chat.WaitForRepliesAsync(1)).ToContainTextAsync("echo: second topic");
        await Assertions.Expect(chat.Page.Locator("#conversations .conversation")).ToHaveTextAsync(["second topic", "first topic"]);
        await BrowserFixture.ScreenshotAsync(chat.Page, "chat-desktop");

        await chat.Page.Locator("#conversations .conversation", new() { HasText = "first topic" }).ClickAsync();

        await Assertions.Expect(chat.AgentMessages).ToHaveTextAsync([new System.Text.RegularExpressions.Regex("echo: first topic")]);
    }

    [Fact]
    public async Task Slash_commands_are_answered_by_the_session_as_in_the_other_channels()
    {
        await using var server = await ChatServer.StartAsync();
        var chat = new ChatPage(await browser.OpenAsync(server.Url));
        await chat.WaitUntilOnlineAsync();

        await chat.SendAsync("/status");

        await Assertions.Expect(await chat.WaitForRepliesAsync(1)).ToContainTextAsync("scripted-model");
        Assert.Equal(0, server.Llm.RequestCount);
    }
}
