using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyBot.TestKit;
using MyBot.TestKit.Orleans;
using MyBot.TestKit.Time;

namespace MyBot.Channels.Web.Tests;

public sealed class WebConversationGrainTests : IAsyncLifetime
{
    private static readonly EventSource Chat = EventSource.Parse("web:owner:c1");
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new();
    private GrainTestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await GrainTestCluster.StartAsync(
            time: _time,
            configureSilo: silo => silo.Services.AddSingleton(Options.Create(new WebChatOptions { HistoryCapacity = 10 })));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_reply_delivered_while_no_page_is_open_stays_pending_until_a_page_acknowledges_it()
    {
        var sent = await Channel().SendAsync(Chunk("e1#out0", "hello"), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, sent.Status);
        Assert.Equal(1, await Conversation().PendingCountAsync());
        var observer = new RecordingObserver();
        var entries = await Conversation().SubscribeAsync(Reference(observer), after: 0);
        var reply = Assert.Single(entries);
        Assert.Equal(("e1#out0", WebChatRole.Agent, "hello"), (reply.Id, reply.Role, reply.Text));

        await Conversation().AcknowledgeAsync(reply.Seq);

        Assert.Equal(0, await Conversation().PendingCountAsync());
    }

    [Fact]
    public async Task The_same_reply_sent_twice_is_stored_and_pushed_once()
    {
        var observer = new RecordingObserver();
        await Conversation().SubscribeAsync(Reference(observer), after: 0);

        var first = await Channel().SendAsync(Chunk("e1#out0", "once"), CancellationToken.None);
        var second = await Channel().SendAsync(Chunk("e1#out0", "once"), CancellationToken.None);

        Assert.Equal(first.PlatformMessageId, second.PlatformMessageId);
        Assert.Single(await Conversation().SubscribeAsync(Reference(observer), after: 0));
        await Eventually.WaitUntilAsync(() => !observer.Entries.IsEmpty, Bound, "the push");
        Assert.Single(observer.Entries);
        Assert.Equal(1, await Conversation().PendingCountAsync());
    }

    [Fact]
    public async Task A_subscribed_page_gets_the_users_message_the_reply_and_typing_in_order()
    {
        var observer = new RecordingObserver();
        await Conversation().SubscribeAsync(Reference(observer), after: 0);

        await Conversation().AddUserMessageAsync("m1", "hi");
        await Channel().SendTypingAsync(Chat, CancellationToken.None);
        await Channel().SendAsync(Chunk("web:owner:c1/m1#out0", "hello *you*"), CancellationToken.None);

        await Eventually.WaitUntilAsync(() => observer.Entries.Count == 2 && observer.Typing.Count == 1, Bound, "two entries and a typing");
        Assert.Equal([(1L, WebChatRole.User, "hi"), (2L, WebChatRole.Agent, "hello *you*")], observer.Entries.Select(e => (e.Entry.Seq, e.Entry.Role, e.Entry.Text)));
        Assert.All(observer.Entries, e => Assert.Equal(Chat.ToString(), e.Source));
        Assert.Equal(Chat.ToString(), Assert.Single(observer.Typing));
    }

    [Fact]
    public async Task A_page_that_reconnects_asks_only_for_what_it_has_not_seen()
    {
        for (var i = 1; i <= 3; i++)
        {
            await Channel().SendAsync(Chunk($"e{i}#out0", $"reply {i}"), CancellationToken.None);
        }

        var entries = await Conversation().SubscribeAsync(Reference(new RecordingObserver()), after: 2);

        Assert.Equal("reply 3", Assert.Single(entries).Text);
    }

    [Fact]
    public async Task A_subscription_not_renewed_lapses_and_a_renewed_one_does_not()
    {
        var lapsed = new RecordingObserver();
        var renewed = new RecordingObserver();
        await Conversation().SubscribeAsync(Reference(lapsed), after: 0);
        await Conversation().SubscribeAsync(Reference(renewed), after: 0);

        _time.Advance(WebChatSocket.RenewInterval * 2);
        await Conversation().SubscribeAsync(Reference(renewed), after: 0);
        _time.Advance(WebChatSocket.RenewInterval * 2);
        await Channel().SendAsync(Chunk("e1#out0", "late"), CancellationToken.None);

        await Eventually.WaitUntilAsync(() => !renewed.Entries.IsEmpty, Bound, "the renewed page to get the reply");
        Assert.Empty(lapsed.Entries);
    }

    [Fact]
    public async Task The_history_is_trimmed_to_its_capacity_but_never_of_an_unacknowledged_reply()
    {
        for (var i = 1; i <= 15; i++)
        {
            await Channel().SendAsync(Chunk($"e{i}#out0", $"reply {i}"), CancellationToken.None);
        }

        Assert.Equal(15, (await Conversation().SubscribeAsync(Reference(new RecordingObserver()), 0)).Count);
        await Conversation().AcknowledgeAsync(12);

        var kept = await Conversation().SubscribeAsync(Reference(new RecordingObserver()), 0);
        Assert.Equal(Enumerable.Range(6, 10).Select(i => (long)i), kept.Select(e => e.Seq));
        Assert.Equal(3, await Conversation().PendingCountAsync());
    }

    [Fact]
    public async Task A_failed_write_is_transient_pushes_nothing_and_the_retry_is_stored()
    {
        var observer = new RecordingObserver();
        await Conversation().SubscribeAsync(Reference(observer), after: 0);
        _cluster.Store.WriteFailure = new IOException("disk gone");

        var failed = await Channel().SendAsync(Chunk("e1#out0", "hello"), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, failed.Status);
        _cluster.Store.WriteFailure = null;
        Assert.Empty(await Conversation().SubscribeAsync(Reference(observer), after: 0));
        Assert.Equal(SendStatus.Sent, (await Channel().SendAsync(Chunk("e1#out0", "hello"), CancellationToken.None)).Status);
        await Eventually.WaitUntilAsync(() => !observer.Entries.IsEmpty, Bound, "the stored reply's push");
        Assert.Equal("hello", Assert.Single(observer.Entries).Entry.Text);
    }

    [Fact]
    public async Task The_users_conversations_are_listed_newest_first_titled_by_their_first_message()
    {
        var user = _cluster.Grains.GetGrain<IWebChatUserGrain>("owner");
        await user.TouchAsync("c1", "What is the weather like in Paris today, and should I take an umbrella with me?\nthanks");
        _time.Advance(TimeSpan.FromMinutes(1));
        await user.TouchAsync("c2", "second");
        _time.Advance(TimeSpan.FromMinutes(1));
        await user.TouchAsync("c1", "a later message");

        var list = await user.ListAsync();

        Assert.Equal(["c1", "c2"], list.Select(c => c.Id));
        Assert.StartsWith("What is the weather like in Paris", list[0].Title, StringComparison.Ordinal);
        Assert.Equal(WebChatUserGrain.MaxTitleLength, list[0].Title.Length);
        Assert.EndsWith("…", list[0].Title, StringComparison.Ordinal);
        Assert.Equal("second", list[1].Title);
    }

    private IWebChatObserver Reference(RecordingObserver observer) => _cluster.Grains.CreateObjectReference<IWebChatObserver>(observer);

    private WebChannel Channel() => new(_cluster.Grains);

    private IWebConversationGrain Conversation() => _cluster.Grains.GetGrain<IWebConversationGrain>(Chat.ToString());

    private static OutboundChunk Chunk(string id, string text) => new(Chat, id, 0, 1, text, null);
}
