using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MyBot.Channels.Telegram.Formatting;
using MyBot.TestKit;
using MyBot.TestKit.DeadLetters;
using MyBot.TestKit.Orleans;
using MyBot.TestKit.Telegram;

namespace MyBot.Channels.Telegram.Tests.Delivery;

/// <summary>The real delivery grain sending through the Telegram channel to the fake Bot API, in a test cluster on fake time.</summary>
public sealed class TelegramDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly MemoryDeadLetterStore _deadLetters = new();
    private FakeTelegramServer _server = null!;
    private GrainTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeTelegramServer.StartAsync();

        // Pacing runs on the silo's fake clock here, so the fake's wall-clock limits would misjudge it.
        _server.EnforceRateLimits = false;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MyBot:Telegram:BotToken"] = _server.Token,
            ["MyBot:Telegram:ApiBaseUrl"] = _server.Url.ToString(),
            ["MyBot:Telegram:AccessPolicy"] = "Open",

            // The silo runs its channels: in Webhook mode this one only registers a webhook and polls nothing on the fake clock.
            ["MyBot:Telegram:Mode"] = "Webhook",
            ["MyBot:Telegram:WebhookSecret"] = "webhook-secret",
            ["MyBot:Telegram:WebhookUrl"] = "http://127.0.0.1:1/",
        }).Build();
        _cluster = await GrainTestCluster.StartAsync(
            time: _time,
            configureSilo: silo =>
            {
                silo.UseInMemoryReminderService();
                silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
                silo.Services.AddSingleton<IInboundPublisher>(new RecordingPublisher());
                silo.Services.AddSingleton<IDeadLetterStore>(_deadLetters);
                silo.Services.AddTelegramChannel(configuration);
                silo.Services.AddMyBotGrains(configuration);
            });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_long_markdown_reply_arrives_as_valid_chunks_in_order_the_first_replying_to_the_user()
    {
        var markdown = LongMarkdown();
        await Enqueue(chat: 10, "r1", markdown, replyTo: "77");

        var expected = TelegramMarkdownRenderer.Format(markdown);
        await TickUntilAsync(() => _server.SentTo(10).Count == expected.Count, "every chunk");

        var sent = _server.SentTo(10);
        Assert.True(sent.Count >= 3);
        Assert.Equal(expected, sent.Select(m => m.Text));
        Assert.Equal(77, sent[0].ReplyToMessageId);
        Assert.All(sent.Skip(1), m => Assert.Null(m.ReplyToMessageId));
        Assert.All(sent, m => Assert.True(m.Text.Length <= TelegramHtml.MessageLimit && TelegramHtmlValidator.TryParse(m.Text, out _, out _)));
    }

    [Fact]
    public async Task Retry_after_is_honoured_and_no_chunk_is_sent_twice()
    {
        var markdown = LongMarkdown();
        var expected = TelegramMarkdownRenderer.Format(markdown);
        _server.InjectFault("sendMessage", TelegramFault.TooManyRequests, chatId: 11, retryAfterSeconds: 30);
        await Enqueue(chat: 11, "r1", markdown);
        var pacer = _cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<TelegramSendPacer>();
        await TickUntilAsync(() => pacer.WaitFor(11) > TimeSpan.FromSeconds(20), "the 429");

        // The grain's turn ends after it scheduled its retry; a call to it waits for that.
        await _cluster.Grains.GetGrain<IDeliveryGrain>("telegram:11:11").PendingCountAsync();
        var requestsAfter429 = _server.Requests.Count(r => r.ChatId == 11);

        _time.Advance(pacer.WaitFor(11) - TimeSpan.FromSeconds(1));
        Assert.Equal(requestsAfter429, _server.Requests.Count(r => r.ChatId == 11));

        _time.Advance(TimeSpan.FromSeconds(2));
        await TickUntilAsync(() => _server.SentTo(11).Count == expected.Count, "the rest after retry_after");
        Assert.Equal(expected, _server.SentTo(11).Select(m => m.Text));
    }

    [Fact]
    public async Task A_blocked_chat_goes_to_the_dead_letters_and_other_chats_keep_flowing()
    {
        _server.BlockChat(12);
        await Enqueue(chat: 12, "r1", "hello blocked");
        await Enqueue(chat: 13, "r1", "hello friend");

        await TickUntilAsync(() => _server.SentTo(13).Count == 1, "the other chat's reply");
        await TickUntilAsync(() => _deadLetters.ListAsync(default).Result.Count == 1, "the dead letter");

        var letter = Assert.Single(await _deadLetters.ListAsync(default));
        Assert.Contains("blocked", letter.Error);
        Assert.Equal(1, _server.Requests.Count(r => r is { Method: "sendMessage", ChatId: 12 }));
    }

    private async Task Enqueue(long chat, string id, string text, string? replyTo = null)
    {
        var source = new EventSource("telegram", chat.ToString(System.Globalization.CultureInfo.InvariantCulture), chat.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var now = _time.GetUtcNow();
        await _cluster.Grains.GetGrain<IDeliveryGrain>(source.ToString())
            .EnqueueAsync([new OutboundEvent($"{source}/{id}#out0", source, text, now, $"{source}/{id}", replyTo, now)]);
    }

    private async Task TickUntilAsync(Func<bool> condition, string what) =>
        await Eventually.WaitUntilAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(250));
                return condition();
            },
            Bound,
            what);

    private static string LongMarkdown()
    {
        var text = new StringBuilder("# Report <&>\n\n");
        for (var i = 0; i < 60; i++)
        {
            text.Append("Paragraph ").Append(i).Append(" with **bold**, `code <x>`, a [link](https://example.com/?a=1&b=2) and A & B < C.\n\n");
            if (i % 10 == 0)
            {
                text.Append("```csharp\n").Append(string.Concat(Enumerable.Repeat("var x = a < b && c > d;\n", 40))).Append("```\n\n- item one\n- item two\n\n");
            }
        }

        return text.ToString();
    }
}
