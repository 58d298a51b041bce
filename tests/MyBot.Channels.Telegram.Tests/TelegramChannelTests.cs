using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyBot.Channels.Telegram.Formatting;
using MyBot.TestKit;
using MyBot.TestKit.Telegram;
using MyBot.TestKit.Time;
using Telegram.Bot;

namespace MyBot.Channels.Telegram.Tests;

public sealed class TelegramChannelTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private TelegramTestStores _stores = null!;
    private FakeTelegramServer _server = null!;

    public async Task InitializeAsync()
    {
        _stores = await TelegramTestStores.StartAsync();
        _server = await FakeTelegramServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _stores.DisposeAsync();
    }

    [Fact]
    public async Task A_private_message_is_published_and_only_then_confirmed()
    {
        var publisher = new RecordingPublisher { Gate = new TaskCompletionSource() };
        await using var host = new TelegramTestHost(_server, _stores, publisher).Start();

        var updateId = _server.AddTextMessage(userId: 42, chatId: 42, "hello there");
        await Eventually.WaitUntilAsync(() => _server.Requests.Any(r => r.Method == "getUpdates" && r.Status == 200), Wait, "the update to be fetched");

        Assert.True(_server.ConfirmedOffset <= updateId);
        publisher.Gate.SetResult();
        await Eventually.WaitUntilAsync(() => _server.ConfirmedOffset == updateId + 1, Wait, "the offset to move past the update");

        var published = Assert.Single(publisher.Events);
        Assert.Equal("telegram:42:42", published.Source.ToString());
        Assert.Equal("hello there", published.Text);
        Assert.Equal(InboundEventKind.Message, published.Kind);
        Assert.Equal(InboundEvent.CreateId(published.Source, published.PlatformMessageId!), published.Id);
        Assert.Equal(["start", "new", "help"], _server.Commands);
    }

    [Fact]
    public async Task After_a_restart_polling_resumes_from_the_stored_offset_without_republishing()
    {
        var first = new RecordingPublisher();
        await using (var host = new TelegramTestHost(_server, _stores, first).Start())
        {
            _server.AddTextMessage(1, 1, "one");
            await Eventually.WaitUntilAsync(() => first.Events.Count == 1, Wait, "the first message");
        }

        var second = new RecordingPublisher();
        await using var restarted = new TelegramTestHost(_server, _stores, second).Start();
        _server.AddTextMessage(1, 1, "two");

        await Eventually.WaitUntilAsync(() => second.Events.Count == 1, Wait, "the second message");
        Assert.Equal("two", Assert.Single(second.Events).Text);
    }

    [Fact]
    public async Task A_standby_replica_polls_nothing_while_the_lease_is_held_and_takes_polling_over_when_the_holder_goes()
    {
        var standbyClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var active = new RecordingPublisher();
        var standby = new RecordingPublisher();
        await using (var holder = new TelegramTestHost(_server, _stores, active).Start())
        {
            _server.AddTextMessage(5, 5, "to the holder");
            await Eventually.WaitUntilAsync(() => active.Events.Count == 1, Wait, "the holder to poll");

            await using var survivor = new TelegramTestHost(_server, _stores, standby, time: standbyClock).Start();
            await Eventually.WaitUntilAsync(() => standbyClock.ActiveTimerCount > 0, Wait, "the standby replica to wait for the lease");
            _server.AddTextMessage(5, 5, "still the holder");
            await Eventually.WaitUntilAsync(() => active.Events.Count == 2, Wait, "the holder to keep polling");
            Assert.Empty(standby.Events);

            await holder.DisposeAsync();
            _server.AddTextMessage(5, 5, "after the holder went");
            standbyClock.Advance(TimeSpan.FromSeconds(15));
            await Eventually.WaitUntilAsync(() => standby.Events.Count == 1, Wait, "the standby replica to take polling over at its next try");
        }

        Assert.Equal("after the holder went", Assert.Single(standby.Events).Text);
        Assert.Equal(2, active.Events.Count);
    }

    [Fact]
    public async Task An_unreadable_update_is_dead_lettered_once_and_the_updates_around_it_are_published_in_order()
    {
        var publisher = new RecordingPublisher();
        var first = _server.AddTextMessage(11, 11, "before");
        var bad = _server.AddUnreadableMessage(12, 12);
        var last = _server.AddTextMessage(13, 13, "after");
        await using var host = new TelegramTestHost(_server, _stores, publisher).Start();

        await Eventually.WaitUntilAsync(() => _server.ConfirmedOffset == last + 1, Wait, "the offset to move past all three updates");

        Assert.True(first < bad && bad < last);
        Assert.Equal(["before", "after"], publisher.Events.Select(e => e.Text));
        var letter = Assert.Single(await _stores.DeadLetters.ListAsync(default));
        Assert.Equal(TelegramChannel.DeadLetterOrigin, letter.Origin);
        Assert.Equal($"{TelegramChannel.DeadLetterOrigin}-{FakeTelegramServer.BotId}-{bad}", letter.Id);
        Assert.Equal(bad, JsonDocument.Parse(letter.Payload).RootElement.GetProperty("update_id").GetInt64());
        Assert.Contains("yesterday", letter.Payload);
        Assert.Contains("$.message.date", letter.Error);

        _server.AddTextMessage(11, 11, "still polling");
        await Eventually.WaitUntilAsync(() => publisher.Events.Count == 3, Wait, "the next message");
        Assert.Equal("still polling", publisher.Events[2].Text);
        Assert.Single(await _stores.DeadLetters.ListAsync(default));
    }

    [Fact]
    public async Task Updates_with_types_the_library_does_not_know_are_dead_lettered_with_their_raw_json_and_the_batch_goes_on()
    {
        var publisher = new RecordingPublisher();
        var first = _server.AddTextMessage(41, 41, "before");
        var reaction = _server.AddUpdate(new JsonObject
        {
            ["message_reaction"] = new JsonObject
            {
                ["chat"] = new JsonObject { ["id"] = 42, ["type"] = "private" },
                ["message_id"] = 7,
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["old_reaction"] = new JsonArray(),
                ["new_reaction"] = new JsonArray(new JsonObject { ["type"] = "hologram", ["hologram"] = "sparkles" }),
            },
        });
        var forward = _server.AddUpdate(new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["message_id"] = 8,
                ["from"] = new JsonObject { ["id"] = 43, ["is_bot"] = false, ["first_name"] = "Bo" },
                ["chat"] = new JsonObject { ["id"] = 43, ["type"] = "private", ["first_name"] = "Bo" },
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["text"] = "forwarded from the future",
                ["forward_origin"] = new JsonObject { ["type"] = "time_traveller", ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() },
            },
        });
        var last = _server.AddTextMessage(44, 44, "after");
        await using var host = new TelegramTestHost(_server, _stores, publisher).Start();

        await Eventually.WaitUntilAsync(() => _server.ConfirmedOffset == last + 1, Wait, "the offset to move past the batch");

        Assert.True(first < reaction && reaction < forward && forward < last);
        Assert.Equal(["before", "after"], publisher.Events.Select(e => e.Text));
        var letters = (await _stores.DeadLetters.ListAsync(default)).OrderBy(l => l.Id, StringComparer.Ordinal).ToList();
        Assert.Equal([$"{TelegramChannel.DeadLetterOrigin}-{FakeTelegramServer.BotId}-{reaction}", $"{TelegramChannel.DeadLetterOrigin}-{FakeTelegramServer.BotId}-{forward}"], letters.Select(l => l.Id));
        Assert.Contains("hologram", letters[0].Payload);
        Assert.Contains("hologram", letters[0].Error);
        Assert.Contains("time_traveller", letters[1].Payload);
        Assert.Contains("time_traveller", letters[1].Error);
    }

    [Fact]
    public async Task When_publishing_fails_the_batch_is_retried_without_loss_and_its_unreadable_update_is_dead_lettered_once()
    {
        var publisher = new RecordingPublisher { FailWhen = e => e.Text == "two" };
        var last = QueueUnreadableBetweenOneAndTwo(21);
        await using var host = new TelegramTestHost(_server, _stores, publisher).Start();

        await Eventually.WaitUntilAsync(() => _server.Requests.Count(r => r is { Method: "getUpdates", Status: 200 }) >= 3, Wait, "the failed batch to be fetched again");
        Assert.True(_server.ConfirmedOffset <= last);
        Assert.Equal(["one"], publisher.Events.Select(e => e.Text));

        publisher.FailWhen = null;
        await Eventually.WaitUntilAsync(() => _server.ConfirmedOffset == last + 1, Wait, "the batch to be confirmed once publishing works");

        Assert.Equal(["one", "two"], publisher.Events.Select(e => e.Text));
        Assert.Single(await _stores.DeadLetters.ListAsync(default));
    }

    [Fact]
    public async Task A_batch_fetched_again_after_a_restart_does_not_dead_letter_its_unreadable_update_twice()
    {
        var failing = new RecordingPublisher { FailWhen = e => e.Text == "two" };
        var last = QueueUnreadableBetweenOneAndTwo(31);
        await using (var host = new TelegramTestHost(_server, _stores, failing).Start())
        {
            await Eventually.WaitUntilAsync(async () => (await _stores.DeadLetters.ListAsync(default)).Count == 1, Wait, "the unreadable update to be dead-lettered");
        }

        var working = new RecordingPublisher();
        await using var restarted = new TelegramTestHost(_server, _stores, working).Start();

        await Eventually.WaitUntilAsync(() => _server.ConfirmedOffset == last + 1, Wait, "the batch to be confirmed after the restart");
        Assert.Equal(["one", "two"], working.Events.Select(e => e.Text));
        Assert.Single(await _stores.DeadLetters.ListAsync(default));
    }

    [Fact]
    public async Task Network_errors_and_5xx_while_polling_are_recovered_from()
    {
        _server.InjectFault("getUpdates", TelegramFault.ServerError);
        _server.InjectFault("getUpdates", TelegramFault.DropConnection);
        var publisher = new RecordingPublisher();
        await using var host = new TelegramTestHost(_server, _stores, publisher).Start();

        _server.AddTextMessage(5, 5, "still here");

        await Eventually.WaitUntilAsync(() => publisher.Events.Count == 1, Wait, "the message after the faults");
    }

    [Fact]
    public async Task A_hanging_poll_is_detected_and_polling_restarts()
    {
        _server.InjectFault("getUpdates", TelegramFault.Hang);
        var publisher = new RecordingPublisher();
        await using var host = new TelegramTestHost(_server, _stores, publisher).Start();

        _server.AddTextMessage(5, 5, "after the stall");

        await Eventually.WaitUntilAsync(() => publisher.Events.Count == 1, Wait, "the message after the stalled poll");
    }

    [Fact]
    public async Task Polling_while_a_webhook_is_set_backs_off_and_resumes_once_the_webhook_is_removed()
    {
        using var http = new HttpClient();
        var bot = new TelegramBotClient(new TelegramBotClientOptions(_server.Token, _server.Url.AbsoluteUri), http);
        await bot.SetWebhook(url: "https://example.com/hook");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var publisher = new RecordingPublisher();
        await using var host = new TelegramTestHost(_server, _stores, publisher, time: clock).Start();

        // By the wait's due time: the lease this host holds keeps a renewal timer on the same clock from before the poll.
        var waitEnds = clock.GetUtcNow() + TelegramChannel.MaxBackoff;
        await Eventually.WaitUntilAsync(
            () => _server.Requests.Any(r => r is { Method: "getUpdates", Status: 409 }) && clock.TimersDueAt(waitEnds) == 1, Wait, "the conflict and the wait after it");

        await bot.DeleteWebhook();
        _server.AddTextMessage(9, 9, "polled again");
        Assert.Empty(publisher.Events);
        clock.Advance(TelegramChannel.MaxBackoff);

        await Eventually.WaitUntilAsync(() => publisher.Events.Count == 1, Wait, "the message after the webhook was removed");
        Assert.Single(_server.Requests, r => r is { Method: "getUpdates", Status: 409 });
    }

    [Fact]
    public async Task In_groups_only_messages_addressed_to_the_bot_are_published()
    {
        var publisher = new RecordingPublisher();
        await using var host = new TelegramTestHost(_server, _stores, publisher).Start();

        _server.AddTextMessage(7, -100, "just chatting", chatType: "supergroup");
        _server.AddTextMessage(7, -100, $"@{FakeTelegramServer.BotUsername} what time is it?", chatType: "supergroup");
        _server.AddTextMessage(7, -100, "and you?", chatType: "supergroup", replyToMessageId: 1);
        _server.AddTextMessage(7, -100, $"/new@{FakeTelegramServer.BotUsername}", chatType: "supergroup");
        _server.AddTextMessage(7, -100, "/new@some_other_bot", chatType: "supergroup");
        var last = _server.AddTextMessage(7, -100, "done", chatType: "supergroup");

        await Eventually.WaitUntilAsync(() => _server.ConfirmedOffset > last, Wait, "every update to be handled");
        Assert.Equal(["what time is it?", "and you?", "/new"], publisher.Events.Select(e => e.Text));
        Assert.All(publisher.Events, e => Assert.Equal("telegram:7:-100", e.Source.ToString()));
    }

    [Fact]
    public async Task A_photo_is_published_as_unsupported_so_the_user_is_told()
    {
        var publisher = new RecordingPublisher();
        await using var host = new TelegramTestHost(_server, _stores, publisher).Start();

        _server.AddPhotoMessage(3, 3);

        await Eventually.WaitUntilAsync(() => publisher.Events.Count == 1, Wait, "the photo");
        var photo = Assert.Single(publisher.Events);
        Assert.Equal(InboundEventKind.Unsupported, photo.Kind);
        Assert.Equal("photo", photo.Text);
    }

    [Fact]
    public async Task Under_pairing_a_stranger_gets_a_code_and_nothing_is_published_until_approved()
    {
        var publisher = new RecordingPublisher();
        await using var host = new TelegramTestHost(_server, _stores, publisher, new Dictionary<string, string?> { ["MyBot:Telegram:AccessPolicy"] = "Pairing" }).Start();

        var first = _server.AddTextMessage(66, 66, "hi, who are you?");
        await Eventually.WaitUntilAsync(() => _server.SentTo(66).Count == 1, Wait, "the pairing answer");
        await Eventually.WaitUntilAsync(() => _server.ConfirmedOffset > first, Wait, "the update to be confirmed");

        Assert.Empty(publisher.Events);
        var answer = _server.SentTo(66)[0].Text;
        var pairing = _stores.Cluster.Grains.GetGrain<IPairingGrain>(IPairingGrain.Key);
        var code = Assert.Single((await pairing.ListAsync()).Pending).Code;
        Assert.Contains(code, answer);

        await pairing.ApproveAsync(code);
        _server.AddTextMessage(66, 66, "now?");
        await Eventually.WaitUntilAsync(() => publisher.Events.Count == 1, Wait, "the message after approval");
    }

    [Fact]
    public async Task Start_and_help_are_answered_by_the_channel()
    {
        var publisher = new RecordingPublisher();
        await using var host = new TelegramTestHost(_server, _stores, publisher).Start();

        _server.AddTextMessage(8, 8, "/start");

        await Eventually.WaitUntilAsync(() => _server.SentTo(8).Count == 1, Wait, "the help text");
        Assert.Contains("/new", _server.SentTo(8)[0].Text);
        Assert.Empty(publisher.Events);
    }

    [Fact]
    public async Task A_rejected_token_stops_the_channel_naming_the_setting()
    {
        var publisher = new RecordingPublisher();
        await using var host = new TelegramTestHost(_server, _stores, publisher, new Dictionary<string, string?> { ["MyBot:Telegram:BotToken"] = "1:rejected-token-value" });

        var exception = await Assert.ThrowsAsync<ChannelFatalException>(() => host.Channel.RunAsync(publisher, default));

        Assert.Contains("MyBot:Telegram:BotToken", exception.Message);
        Assert.DoesNotContain("rejected-token-value", exception.ToString());
    }

    [Theory]
    [InlineData("MyBot:Telegram:BotToken", "no-bot-id-secret-value")]
    [InlineData("MyBot:Telegram:ApiBaseUrl", "http://127.0.0.1:1/telegram")]
    public async Task A_token_or_api_url_the_library_cannot_use_fails_validation_naming_the_setting(string key, string value)
    {
        await using var host = new TelegramTestHost(_server, _stores, new RecordingPublisher(), new Dictionary<string, string?> { [key] = value });

        var exception = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<TelegramOptions>>().Value);

        Assert.Contains(key, exception.Message);
        Assert.DoesNotContain("secret-value", exception.Message);
    }

    [Fact]
    public async Task Without_a_token_the_channel_is_disabled()
    {
        await using var host = new TelegramTestHost(_server, _stores, new RecordingPublisher(), new Dictionary<string, string?> { ["MyBot:Telegram:BotToken"] = string.Empty });

        Assert.False(host.Channel.IsEnabled);
        Assert.Contains("MyBot:Telegram:BotToken", host.Channel.DisabledReason);
    }

    [Fact]
    public async Task Send_results_map_telegram_answers()
    {
        await using var host = new TelegramTestHost(_server, _stores, new RecordingPublisher());
        var channel = host.Channel;
        _server.EnforceRateLimits = false;

        var sent = await channel.SendAsync(Chunk(1, "<b>ok</b>", replyTo: "9"), default);
        _server.InjectFault("sendMessage", TelegramFault.TooManyRequests, chatId: 2, retryAfterSeconds: 5);
        var throttled = await channel.SendAsync(Chunk(2, "x"), default);
        _server.InjectFault("sendMessage", TelegramFault.Forbidden);
        var blocked = await channel.SendAsync(Chunk(3, "x"), default);
        _server.InjectFault("sendMessage", TelegramFault.ChatNotFound);
        var missing = await channel.SendAsync(Chunk(4, "x"), default);
        _server.InjectFault("sendMessage", TelegramFault.ServerError);
        var failed = await channel.SendAsync(Chunk(5, "x"), default);
        _server.InjectFault("sendMessage", TelegramFault.DropConnection);
        var dropped = await channel.SendAsync(Chunk(6, "x"), default);

        Assert.Equal(SendStatus.Sent, sent.Status);
        Assert.Equal(_server.SentTo(1)[0].MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), sent.PlatformMessageId);
        Assert.Equal(9, _server.SentTo(1)[0].ReplyToMessageId);
        Assert.Equal(SendStatus.Transient, throttled.Status);
        Assert.Equal(TimeSpan.FromSeconds(5), throttled.RetryAfter);
        Assert.Equal(SendStatus.Permanent, blocked.Status);
        Assert.Contains("403", blocked.Error);
        Assert.Single(_server.Requests, r => r is { Method: "sendMessage", ChatId: 3 });
        Assert.Equal(SendStatus.Permanent, missing.Status);
        Assert.Equal(SendStatus.Transient, failed.Status);
        Assert.Null(failed.RetryAfter);
        Assert.Equal(SendStatus.Transient, dropped.Status);
        Assert.Null(dropped.RetryAfter);

        // The 429 was answered once: neither the library nor the channel sent again by itself.
        Assert.Single(_server.Requests, r => r is { Method: "sendMessage", ChatId: 2 });

        var tooSoon = await channel.SendAsync(Chunk(2, "again"), default);
        Assert.Equal(SendStatus.Transient, tooSoon.Status);
        Assert.NotNull(tooSoon.RetryAfter);
        Assert.Empty(_server.SentTo(2));
        Assert.Empty(_server.Violations);
    }

    [Fact]
    public async Task A_send_telegram_does_not_answer_is_given_up_after_the_request_timeout_as_transient()
    {
        await using var host = new TelegramTestHost(_server, _stores, new RecordingPublisher(), new Dictionary<string, string?> { ["MyBot:Telegram:RequestTimeout"] = "00:00:01" });
        _server.InjectFault("sendMessage", TelegramFault.Hang);

        var result = await host.Channel.SendAsync(Chunk(1, "anyone?"), default).WaitAsync(Wait);

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Contains("no Bot API answer", result.Error);
        Assert.Empty(_server.Sent);
    }

    [Fact]
    public async Task A_reply_to_a_group_that_became_a_supergroup_goes_to_the_supergroup()
    {
        await using var host = new TelegramTestHost(_server, _stores, new RecordingPublisher());
        _server.MigrateChat(-100, -1001234);

        var result = await host.Channel.SendAsync(Chunk(-100, "still there?"), default);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Empty(_server.SentTo(-100));
        var sent = Assert.Single(_server.SentTo(-1001234));
        Assert.Equal("still there?", sent.VisibleText);
        Assert.Equal(sent.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), result.PlatformMessageId);
    }

    [Fact]
    public async Task A_migration_is_followed_once_so_answers_pointing_back_and_forth_end_in_a_permanent_failure()
    {
        await using var host = new TelegramTestHost(_server, _stores, new RecordingPublisher());
        _server.MigrateChat(-200, -300);
        _server.MigrateChat(-300, -200);

        var result = await host.Channel.SendAsync(Chunk(-200, "anyone?"), default);

        Assert.Equal(SendStatus.Permanent, result.Status);
        Assert.Equal([-200L, -300L], _server.Requests.Where(r => r.Method == "sendMessage").Select(r => r.ChatId));
    }

    [Fact]
    public async Task Markup_telegram_refuses_goes_out_as_plain_text()
    {
        await using var host = new TelegramTestHost(_server, _stores, new RecordingPublisher());
        _server.InjectFault("sendMessage", TelegramFault.CantParseEntities);

        var result = await host.Channel.SendAsync(Chunk(1, "<b>a &lt; b</b>"), default);

        Assert.Equal(SendStatus.Sent, result.Status);
        var message = Assert.Single(_server.SentTo(1));
        Assert.Null(message.ParseMode);
        Assert.Equal("a < b", message.Text);
    }

    [Fact]
    public async Task Sends_are_paced_under_telegrams_per_chat_limit()
    {
        await using var host = new TelegramTestHost(_server, _stores, new RecordingPublisher());
        var chunks = host.Channel.Format(string.Join("\n\n", Enumerable.Range(0, 3).Select(i => new string((char)('a' + i), 4000))));

        foreach (var (chunk, index) in chunks.Select((c, i) => (c, i)))
        {
            var result = await host.Channel.SendAsync(new OutboundChunk(new EventSource("telegram", "1", "1"), "out", index, chunks.Count, chunk, null), default);
            Assert.Equal(SendStatus.Sent, result.Status);
        }

        Assert.Equal(3, _server.SentTo(1).Count);
        Assert.Equal(0, _server.RateLimitedCount);
        Assert.All(_server.SentTo(1), m => Assert.True(m.VisibleText.Length <= TelegramHtml.MessageLimit));
    }

    [Fact]
    public async Task Typing_is_sent_as_a_chat_action()
    {
        await using var host = new TelegramTestHost(_server, _stores, new RecordingPublisher());

        await host.Channel.SendTypingAsync(new EventSource("telegram", "4", "4"), default);

        Assert.Equal((4L, "typing"), _server.ChatActions.Select(a => (a.ChatId, a.Action)).Single());
    }

    /// <summary>Queues "one", an unreadable update and "two" from one chat; returns the update id of "two".</summary>
    private long QueueUnreadableBetweenOneAndTwo(long chat)
    {
        _server.AddTextMessage(chat, chat, "one");
        _server.AddUnreadableMessage(chat, chat);
        return _server.AddTextMessage(chat, chat, "two");
    }

    private static OutboundChunk Chunk(long chat, string text, string? replyTo = null) =>
        new(new EventSource("telegram", chat.ToString(System.Globalization.CultureInfo.InvariantCulture), chat.ToString(System.Globalization.CultureInfo.InvariantCulture)), "out-1", 0, 1, text, replyTo);
}
