using MyBot.Channels.Discord.Tests.Support;
using MyBot.TestKit;
using MyBot.TestKit.Discord;
using MyBot.TestKit.Orleans;
using MyBot.TestKit.Time;

namespace MyBot.Channels.Discord.Tests;

public sealed class DiscordChannelTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private GrainTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await GrainTestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IDiscordDirectChannelsGrain DirectChannels => _cluster.Grains.GetGrain<IDiscordDirectChannelsGrain>(IDiscordDirectChannelsGrain.Key);

    [Fact]
    public async Task DirectMessage_IsPublishedWithDeterministicIdAndSource()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake, cluster: _cluster);
        var publisher = new RecordingPublisher();
        await using var running = await RunningChannel.StartAsync(host, fake, publisher);
        var user = fake.CreateUser("ann");

        var message = await fake.SendDirectMessageAsync(user, "/help");
        await Eventually.WaitUntilAsync(() => publisher.Events.Count == 1, Bound, "the DM published");

        var inbound = publisher.Events[0];
        var source = new EventSource("discord", user, message.ChannelId);
        Assert.Equal(source, inbound.Source);
        Assert.Equal(InboundEvent.CreateId(source, message.Id), inbound.Id);
        Assert.Equal(("/help", message.Id, "ann"), (inbound.Text, inbound.PlatformMessageId, inbound.SenderName));
    }

    [Fact]
    public async Task GuildMessages_OnlyWhenTheBotIsMentionedOrRepliedTo()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake, cluster: _cluster);
        var publisher = new RecordingPublisher();
        await using var running = await RunningChannel.StartAsync(host, fake, publisher);
        var user = fake.CreateUser("ann");
        var (_, channel) = fake.CreateGuildChannel();

        await fake.SendGuildMessageAsync(channel, user, "talking to friends");
        await fake.SendGuildMessageAsync(channel, fake.CreateUser("otherbot"), "beep", mentionBot: true, authorIsBot: true);
        var mention = await fake.SendGuildMessageAsync(channel, user, "what time is it?", mentionBot: true);
        var botReply = await host.Rest.CreateMessageAsync(channel, "noon", mention.Id, "n1", CancellationToken.None);
        var reply = await fake.SendGuildMessageAsync(channel, user, "thanks", replyToMessageId: botReply.PlatformMessageId);
        await fake.SendGuildMessageAsync(channel, user, "and you?", replyToMessageId: mention.Id);
        var marker = await fake.SendDirectMessageAsync(user, "marker");
        await Eventually.WaitUntilAsync(() => publisher.Events.Any(e => e.PlatformMessageId == marker.Id), Bound, "the marker DM");

        Assert.Equal([mention.Id, reply.Id, marker.Id], publisher.Events.Select(e => e.PlatformMessageId));
        Assert.Equal("what time is it?", publisher.Events[0].Text);
        Assert.Equal(new EventSource("discord", user, channel), publisher.Events[0].Source);
    }

    [Fact]
    public async Task FreshIdentifyAfterInvalidSession_BackfillsMissedDirectMessagesOnce()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake, jitter: 0, cluster: _cluster);
        var publisher = new RecordingPublisher();
        await using var running = await RunningChannel.StartAsync(host, fake, publisher);
        var ann = fake.CreateUser("ann");
        var bob = fake.CreateUser("bob");
        var first = await fake.SendDirectMessageAsync(ann, "before");
        await fake.SendDirectMessageAsync(bob, "bob before");
        await Eventually.WaitUntilAsync(() => publisher.Events.Count == 2, Bound, "the live DMs");

        fake.SilenceCurrentConnection();
        var missed = new[]
        {
            await fake.SendDirectMessageAsync(ann, "missed 1"),
            await fake.SendDirectMessageAsync(bob, "missed 2"),
            await fake.SendDirectMessageAsync(ann, "missed 3"),
        };
        fake.InvalidateSessionOnResume = true;
        await fake.CloseGatewayAsync(4000, "drop");
        await Eventually.WaitUntilAsync(() => publisher.Events.Count >= 5, Bound, "the backfilled DMs");
        var after = await fake.SendDirectMessageAsync(ann, "after");
        await Eventually.WaitUntilAsync(() => publisher.Events.Any(e => e.PlatformMessageId == after.Id), Bound, "the live DM after backfill");

        Assert.Equal(2, fake.GatewayStats.Identifies);
        var ids = publisher.Events.Select(e => e.PlatformMessageId).ToArray();
        Assert.Equal(ids.Distinct(), ids);
        Assert.Equal(6, ids.Length);
        Assert.Equal(missed.Select(m => m.Id).Order(), ids.Skip(2).Take(3).Order());
        Assert.DoesNotContain(publisher.Events.Skip(2), e => e.PlatformMessageId == first.Id);
    }

    [Fact]
    public async Task NewProcess_BackfillsFromTheStoredLastSeenMessage()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var ann = fake.CreateUser("ann");
        await using (var firstHost = DiscordTestHost.Create(fake, cluster: _cluster))
        {
            var publisher = new RecordingPublisher();
            await using var running = await RunningChannel.StartAsync(firstHost, fake, publisher);
            var seen = await fake.SendDirectMessageAsync(ann, "seen");
            await Eventually.WaitUntilAsync(
                async () => (await DirectChannels.GetAllAsync()).Any(c => c.LastMessageId == seen.Id), Bound, "the first DM recorded as seen");
        }

        var whileDown = await fake.SendDirectMessageAsync(ann, "sent while the bot was down");
        await using var secondHost = DiscordTestHost.Create(fake, cluster: _cluster);
        var secondPublisher = new RecordingPublisher();
        await using var second = await RunningChannel.StartAsync(secondHost, fake, secondPublisher);

        await Eventually.WaitUntilAsync(() => secondPublisher.Events.Count == 1, Bound, "the backfilled DM");
        Assert.Equal(whileDown.Id, secondPublisher.Events[0].PlatformMessageId);
    }

    [Fact]
    public async Task NewDirectChannel_IsKnownBeforeItsFirstMessageIsPublished()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake, cluster: _cluster);
        var publisher = new StoreCheckingPublisher(DirectChannels);
        await using var running = await RunningChannel.StartAsync(host, fake, publisher);

        var message = await fake.SendDirectMessageAsync(fake.CreateUser("ann"), "hi");
        await Eventually.WaitUntilAsync(() => publisher.KnownAtPublish.Count == 1, Bound, "the DM published");

        var known = Assert.Single(publisher.KnownAtPublish[0]);
        Assert.Equal(message.ChannelId, known.ChannelId);
        Assert.True(ulong.Parse(known.LastMessageId, System.Globalization.CultureInfo.InvariantCulture) < ulong.Parse(message.Id, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task LongReply_IsSentAsValidChunksWithTheFirstReferencingTheQuestion()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake, cluster: _cluster);
        var user = fake.CreateUser("ann");
        var question = await fake.SendDirectMessageAsync(user, "explain");
        var source = new EventSource("discord", user, question.ChannelId);
        var reply = "Intro **bold** text.\n```python\n" + string.Join("\n", Enumerable.Range(0, 400).Select(i => $"print({i})")) + "\n```\n"
            + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"- item {i} with some words"));
        Assert.True(reply.Length > 5000);

        var chunks = host.Channel.Format(reply);
        for (var i = 0; i < chunks.Count; i++)
        {
            var result = await host.Channel.SendAsync(new OutboundChunk(source, "out-1", i, chunks.Count, chunks[i], question.Id), CancellationToken.None);
            Assert.Equal(SendStatus.Sent, result.Status);
        }

        var sent = fake.SentMessages;
        Assert.Equal(chunks.Count, sent.Count);
        Assert.True(sent.Count >= 3);
        Assert.All(sent, m => Assert.InRange(m.Content.Length, 1, 2000));
        Assert.All(sent, m => Assert.True(m.Content.Split('\n').Count(l => l.StartsWith("```", StringComparison.Ordinal)) % 2 == 0));
        Assert.Equal(question.Id, sent[0].ReplyToMessageId);
        Assert.All(sent.Skip(1), m => Assert.Null(m.ReplyToMessageId));
    }

    [Fact]
    public async Task ChunkSentAgain_IsNotPostedTwice()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake, cluster: _cluster);
        var user = fake.CreateUser("ann");
        var source = new EventSource("discord", user, fake.DirectChannelId(user));
        var chunk = new OutboundChunk(source, "out-7", 1, 2, "second half", null);

        var first = await host.Channel.SendAsync(chunk, CancellationToken.None);
        var again = await host.Channel.SendAsync(chunk, CancellationToken.None);

        Assert.Equal(first.PlatformMessageId, again.PlatformMessageId);
        Assert.Single(fake.SentMessages);
    }

    [Fact]
    public async Task Forbidden_IsPermanent()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake, cluster: _cluster);
        var user = fake.CreateUser("ann");
        fake.EnqueueMessageFailure(FakeDiscordFailure.Forbidden);

        var result = await host.Channel.SendAsync(
            new OutboundChunk(new EventSource("discord", user, fake.DirectChannelId(user)), "o", 0, 1, "hi", null), CancellationToken.None);

        Assert.Equal(SendStatus.Permanent, result.Status);
    }

    [Fact]
    public async Task Typing_PostsToTheChannel()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake, cluster: _cluster);
        var user = fake.CreateUser("ann");

        await host.Channel.SendTypingAsync(new EventSource("discord", user, fake.DirectChannelId(user)), CancellationToken.None);

        Assert.Equal(1, fake.TypingCount);
    }

    [Fact]
    public async Task NoToken_ChannelIsDisabledAndSaysWhichSetting()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake, token: string.Empty, cluster: _cluster);

        Assert.False(host.Channel.IsEnabled);
        Assert.Contains("MyBot:Discord:BotToken", host.Channel.DisabledReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PairingPolicy_UnknownUserGetsACodeAndNothingIsPublished()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake, settings: new Dictionary<string, string?> { ["MyBot:Discord:AccessPolicy"] = "Pairing" }, cluster: _cluster);
        var publisher = new RecordingPublisher();
        await using var running = await RunningChannel.StartAsync(host, fake, publisher);

        var message = await fake.SendDirectMessageAsync(fake.CreateUser("stranger"), "hello?");
        await Eventually.WaitUntilAsync(() => fake.SentMessages.Count == 1, Bound, "the pairing answer");

        Assert.Contains("pairing code", fake.SentMessages[0].Content, StringComparison.Ordinal);
        Assert.Equal(message.Id, fake.SentMessages[0].ReplyToMessageId);
        Assert.Empty(publisher.Events);
    }

    [Fact]
    public async Task AllowlistPolicy_LetsListedUsersIn()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var friend = fake.CreateUser("friend");
        await using var host = DiscordTestHost.Create(
            fake,
            settings: new Dictionary<string, string?>
            {
                ["MyBot:Discord:AccessPolicy"] = "Allowlist",
                ["MyBot:Discord:AllowedUsers"] = friend,
            },
            cluster: _cluster);
        var publisher = new RecordingPublisher();
        await using var running = await RunningChannel.StartAsync(host, fake, publisher);

        await fake.SendDirectMessageAsync(fake.CreateUser("stranger"), "let me in");
        var allowed = await fake.SendDirectMessageAsync(friend, "hi");
        await Eventually.WaitUntilAsync(() => publisher.Events.Count == 1 && fake.SentMessages.Count == 1, Bound, "the friend published, the stranger told no");

        Assert.Equal(allowed.Id, publisher.Events[0].PlatformMessageId);
        Assert.Contains("only talk to", fake.SentMessages[0].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayLeaseTakenByAnotherSilo_Disconnects_AndDoesNotReconnectWhileHeldThere()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(
            fake,
            settings: new Dictionary<string, string?> { ["MyBot:Channels:Ownership:RenewInterval"] = "00:00:00.100" },
            cluster: _cluster);
        var publisher = new RecordingPublisher();
        await using var running = await RunningChannel.StartAsync(host, fake, publisher);
        var owner = _cluster.Grains.GetGrain<IChannelOwnerGrain>(DiscordChannel.GatewayLeaseName);
        Assert.Equal(host.Leases.OwnerId, await owner.GetOwnerAsync());

        await owner.ReleaseAsync(host.Leases.OwnerId);
        Assert.True(await owner.TryAcquireAsync("another-silo", TimeSpan.FromMinutes(5)));
        await Eventually.WaitUntilAsync(() => !fake.HasLiveSession, Bound, "the gateway closed");

        Assert.Equal(1, fake.GatewayStats.Connections);
        Assert.Equal("another-silo", await owner.GetOwnerAsync());
    }

    [Fact]
    public async Task SecondHost_WaitsForTheGatewayLease_AndTakesItWhenTheFirstStops()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var standbyClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var first = DiscordTestHost.Create(fake, cluster: _cluster);
        await using var standby = DiscordTestHost.Create(fake, time: standbyClock, cluster: _cluster);
        using var stop = new CancellationTokenSource();
        Task waiting;
        await using (var running = await RunningChannel.StartAsync(first, fake, new RecordingPublisher()))
        {
            waiting = standby.Channel.RunAsync(new RecordingPublisher(), stop.Token);
            await Eventually.WaitUntilAsync(() => standbyClock.ActiveTimerCount > 0, Bound, "the standby to wait for the lease");
            Assert.Equal(1, fake.GatewayStats.Connections);
        }

        await Eventually.WaitUntilAsync(() => !fake.HasLiveSession, Bound, "the first host's gateway closed");
        standbyClock.Advance(TimeSpan.FromSeconds(15));

        await Eventually.WaitUntilAsync(() => fake.HasLiveSession, Bound, "the standby's gateway session");
        Assert.Equal(2, fake.GatewayStats.Connections);
        Assert.Equal(standby.Leases.OwnerId, await _cluster.Grains.GetGrain<IChannelOwnerGrain>(DiscordChannel.GatewayLeaseName).GetOwnerAsync());
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    private sealed class StoreCheckingPublisher(IDiscordDirectChannelsGrain directChannels) : IInboundPublisher
    {
        public List<IReadOnlyList<DirectChannelRecord>> KnownAtPublish { get; } = [];

        public async Task PublishAsync(InboundEvent inboundEvent, CancellationToken cancellationToken) =>
            KnownAtPublish.Add(await directChannels.GetAllAsync().WaitAsync(cancellationToken));
    }
}
