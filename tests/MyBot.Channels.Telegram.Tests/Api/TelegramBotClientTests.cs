using Microsoft.Extensions.Options;
using MyBot.Channels.Telegram.Api;
using MyBot.TestKit;
using MyBot.TestKit.Telegram;

namespace MyBot.Channels.Telegram.Tests.Api;

public sealed class TelegramBotClientTests : IAsyncLifetime
{
    private FakeTelegramServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeTelegramServer.StartAsync();
        _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task GetMe_returns_the_bot()
    {
        var me = await Client().GetMeAsync(default);

        Assert.Equal(FakeTelegramServer.BotUsername, me.Username);
        Assert.True(me.IsBot);
    }

    [Fact]
    public async Task A_rejected_token_is_unauthorized_and_the_message_does_not_contain_it()
    {
        var exception = await Assert.ThrowsAsync<TelegramApiException>(() => Client(token: "999:wrong-secret-token").GetMeAsync(default));

        Assert.Equal(TelegramErrorKind.Unauthorized, exception.Kind);
        Assert.DoesNotContain("wrong-secret-token", exception.ToString());
    }

    [Fact]
    public async Task SendMessage_sends_html_replying_to_a_message()
    {
        var sent = await Client().SendMessageAsync(42, "<b>hi</b> &amp; bye", "HTML", 7, default);

        var recorded = Assert.Single(_server.Sent);
        Assert.Equal(recorded.MessageId, sent.MessageId);
        Assert.Equal("hi & bye", recorded.VisibleText);
        Assert.Equal(7, recorded.ReplyToMessageId);
    }

    [Theory]
    [InlineData(TelegramFault.ServerError, TelegramErrorKind.Transient)]
    [InlineData(TelegramFault.DropConnection, TelegramErrorKind.Transient)]
    [InlineData(TelegramFault.Forbidden, TelegramErrorKind.Forbidden)]
    [InlineData(TelegramFault.ChatNotFound, TelegramErrorKind.ChatNotFound)]
    [InlineData(TelegramFault.CantParseEntities, TelegramErrorKind.CantParseEntities)]
    public async Task Failures_map_to_their_kind(TelegramFault fault, TelegramErrorKind kind)
    {
        _server.InjectFault("sendMessage", fault);

        var exception = await Assert.ThrowsAsync<TelegramApiException>(() => Client().SendMessageAsync(42, "x", null, null, default));

        Assert.Equal(kind, exception.Kind);
    }

    [Fact]
    public async Task Too_many_requests_carries_retry_after()
    {
        _server.InjectFault("sendMessage", TelegramFault.TooManyRequests, retryAfterSeconds: 7);

        var exception = await Assert.ThrowsAsync<TelegramApiException>(() => Client().SendMessageAsync(42, "x", null, null, default));

        Assert.Equal(TelegramErrorKind.RateLimited, exception.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), exception.RetryAfter);
    }

    [Fact]
    public async Task Invalid_html_is_refused_as_telegram_does()
    {
        var exception = await Assert.ThrowsAsync<TelegramApiException>(() => Client().SendMessageAsync(42, "a <b>b", "HTML", null, default));

        Assert.Equal(TelegramErrorKind.CantParseEntities, exception.Kind);
    }

    [Fact]
    public async Task GetUpdates_long_polls_until_an_update_arrives_and_an_offset_confirms_it()
    {
        var client = Client();
        var poll = client.GetUpdatesAsync(null, TimeSpan.FromSeconds(20), default);
        await Eventually.WaitUntilAsync(() => !poll.IsCompleted && _server.Requests.Count == 0, TimeSpan.FromSeconds(5), "the poll to be held");

        var id = _server.AddTextMessage(1, 1, "hello");
        var update = TelegramUpdateReader.Read(Assert.Single(await poll.WaitAsync(TimeSpan.FromSeconds(10))));

        Assert.Equal(id, update.UpdateId);
        Assert.Equal("hello", update.Message!.Text);
        Assert.Empty(await client.GetUpdatesAsync(id + 1, TimeSpan.Zero, default));
        Assert.Equal(id + 1, _server.ConfirmedOffset);
    }

    [Fact]
    public async Task GetUpdates_answers_a_batch_with_an_unreadable_update_and_only_that_update_fails_to_read()
    {
        var before = _server.AddTextMessage(1, 1, "before");
        var bad = _server.AddUnreadableMessage(1, 1);
        var after = _server.AddTextMessage(1, 1, "after");

        var batch = await Client().GetUpdatesAsync(null, TimeSpan.Zero, default);

        Assert.Equal([before, bad, after], batch.Select(TelegramUpdateReader.TryGetUpdateId));
        Assert.Equal("before", TelegramUpdateReader.Read(batch[0]).Message!.Text);
        var exception = Assert.Throws<UnreadableTelegramUpdateException>(() => TelegramUpdateReader.Read(batch[1]));
        Assert.Contains("$.message.date", exception.Message);
        Assert.Equal("after", TelegramUpdateReader.Read(batch[2]).Message!.Text);
    }

    [Fact]
    public async Task A_hanging_poll_is_given_up_as_transient()
    {
        _server.InjectFault("getUpdates", TelegramFault.Hang);

        var exception = await Assert.ThrowsAsync<TelegramApiException>(() => Client(requestTimeout: TimeSpan.FromSeconds(1)).GetUpdatesAsync(null, TimeSpan.FromSeconds(1), default));

        Assert.Equal(TelegramErrorKind.Transient, exception.Kind);
    }

    [Fact]
    public async Task Polling_while_a_webhook_is_set_is_a_conflict_that_says_so()
    {
        var client = Client();
        await client.SetWebhookAsync(new Uri("https://example.com/hook"), "secret", default);

        var exception = await Assert.ThrowsAsync<TelegramApiException>(() => client.GetUpdatesAsync(null, TimeSpan.Zero, default));

        Assert.Equal(TelegramErrorKind.Conflict, exception.Kind);
        Assert.Contains("webhook", exception.Description);
        await client.DeleteWebhookAsync(default);
        Assert.Empty(await client.GetUpdatesAsync(null, TimeSpan.Zero, default));
    }

    [Fact]
    public async Task SetMyCommands_registers_them()
    {
        await Client().SetMyCommandsAsync([new("start", "Start"), new("new", "New session")], default);

        Assert.Equal(["start", "new"], _server.Commands);
    }

    private TelegramBotClient Client(string? token = null, TimeSpan? requestTimeout = null) =>
        new(_http, Options.Create(new TelegramOptions
        {
            BotToken = token ?? _server.Token,
            ApiBaseUrl = _server.Url,
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(10),
        }));
}
