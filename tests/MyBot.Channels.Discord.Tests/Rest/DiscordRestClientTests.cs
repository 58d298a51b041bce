using MyBot.Channels.Discord.Tests.Support;
using MyBot.TestKit;
using MyBot.TestKit.Discord;
using MyBot.TestKit.Time;

namespace MyBot.Channels.Discord.Tests.Rest;

public sealed class DiscordRestClientTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task CreateMessage_PostsContentWithReplyReferenceAndNonce()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake);
        var user = fake.CreateUser("ann");
        var question = await fake.SendDirectMessageAsync(user, "hi");

        var result = await host.Rest.CreateMessageAsync(question.ChannelId, "hello **ann**", question.Id, "n1", CancellationToken.None);

        Assert.Equal(SendStatus.Sent, result.Status);
        var sent = Assert.Single(fake.SentMessages);
        Assert.Equal(result.PlatformMessageId, sent.Id);
        Assert.Equal(("hello **ann**", question.Id, "n1"), (sent.Content, sent.ReplyToMessageId, sent.Nonce));
    }

    [Fact]
    public async Task CreateMessage_SameNonceTwice_PostsOnce()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake);
        var channel = fake.DirectChannelId(fake.CreateUser("ann"));

        var first = await host.Rest.CreateMessageAsync(channel, "chunk", null, "same", CancellationToken.None);
        var second = await host.Rest.CreateMessageAsync(channel, "chunk", null, "same", CancellationToken.None);

        Assert.Equal(first.PlatformMessageId, second.PlatformMessageId);
        Assert.Single(fake.SentMessages);
        Assert.Equal(1, fake.DuplicateNonces);
    }

    [Fact]
    public async Task GlobalRateLimit_HoldsBackConcurrentSendsUntilRetryAfter()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeDiscord.StartAsync(time: time);
        await using var host = DiscordTestHost.Create(fake, time);
        var channels = Enumerable.Range(0, 3).Select(i => fake.DirectChannelId(fake.CreateUser($"u{i}"))).ToArray();
        fake.EnqueueMessageFailure(FakeDiscordFailure.RateLimited(TimeSpan.FromSeconds(2), global: true));

        var limited = await host.Rest.CreateMessageAsync(channels[0], "first", null, "a", CancellationToken.None);
        Assert.Equal(SendStatus.Transient, limited.Status);
        Assert.Equal(TimeSpan.FromSeconds(2), limited.RetryAfter);

        var sends = channels.Select((channel, i) => Task.Run(() => host.Rest.CreateMessageAsync(channel, $"m{i}", null, $"n{i}", CancellationToken.None))).ToArray();
        await Eventually.WaitUntilAsync(() => time.ActiveTimerCount >= 3, Bound, "all three sends waiting for the global limit");
        Assert.Single(fake.Requests, r => r.Method == "POST");

        time.Advance(TimeSpan.FromSeconds(2.1));
        var results = await Task.WhenAll(sends).WaitAsync(Bound);

        Assert.All(results, r => Assert.Equal(SendStatus.Sent, r.Status));
        Assert.Equal(0, fake.RateLimitViolations);
        Assert.Equal(3, fake.SentMessages.Count);
    }

    [Fact]
    public async Task RouteRateLimit_HoldsBackThatChannelOnly()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeDiscord.StartAsync(time: time);
        await using var host = DiscordTestHost.Create(fake, time);
        var limitedChannel = fake.DirectChannelId(fake.CreateUser("a"));
        var otherChannel = fake.DirectChannelId(fake.CreateUser("b"));
        fake.EnqueueMessageFailure(FakeDiscordFailure.RateLimited(TimeSpan.FromSeconds(3)));

        Assert.Equal(SendStatus.Transient, (await host.Rest.CreateMessageAsync(limitedChannel, "x", null, "1", CancellationToken.None)).Status);
        var held = Task.Run(() => host.Rest.CreateMessageAsync(limitedChannel, "y", null, "2", CancellationToken.None));
        await Eventually.WaitUntilAsync(() => time.ActiveTimerCount >= 1, Bound, "the send on the limited channel waiting");

        var other = await host.Rest.CreateMessageAsync(otherChannel, "z", null, "3", CancellationToken.None);
        Assert.Equal(SendStatus.Sent, other.Status);
        Assert.False(held.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(3.1));
        Assert.Equal(SendStatus.Sent, (await held.WaitAsync(Bound)).Status);
        Assert.Equal(0, fake.RateLimitViolations);
    }

    [Fact]
    public async Task RateLimitHeaders_ExhaustedBucketWaitsForResetInsteadOfHitting429()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeDiscord.StartAsync(time: time);
        fake.MessageRateLimit = (5, TimeSpan.FromSeconds(4));
        await using var host = DiscordTestHost.Create(fake, time);
        var channel = fake.DirectChannelId(fake.CreateUser("ann"));

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(SendStatus.Sent, (await host.Rest.CreateMessageAsync(channel, $"m{i}", null, $"n{i}", CancellationToken.None)).Status);
        }

        var sixth = Task.Run(() => host.Rest.CreateMessageAsync(channel, "m5", null, "n5", CancellationToken.None));
        await Eventually.WaitUntilAsync(() => time.ActiveTimerCount >= 1, Bound, "the sixth send waiting for the bucket to reset");
        Assert.Equal(5, fake.SentMessages.Count);

        time.Advance(TimeSpan.FromSeconds(4.1));
        Assert.Equal(SendStatus.Sent, (await sixth.WaitAsync(Bound)).Status);
        Assert.Equal(0, fake.RateLimitViolations);
    }

    [Fact]
    public async Task LongRateLimit_ReturnsThrottledWithoutSending()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeDiscord.StartAsync(time: time);
        await using var host = DiscordTestHost.Create(fake, time);
        var channel = fake.DirectChannelId(fake.CreateUser("ann"));
        fake.EnqueueMessageFailure(FakeDiscordFailure.RateLimited(TimeSpan.FromSeconds(30), global: true));
        await host.Rest.CreateMessageAsync(channel, "a", null, "1", CancellationToken.None);

        var result = await host.Rest.CreateMessageAsync(channel, "b", null, "2", CancellationToken.None);

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.InRange(result.RetryAfter!.Value, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(31));
        Assert.Single(fake.Requests, r => r.Method == "POST");
    }

    [Theory]
    [InlineData(403, SendStatus.Permanent)]
    [InlineData(404, SendStatus.Permanent)]
    [InlineData(500, SendStatus.Transient)]
    [InlineData(502, SendStatus.Transient)]
    public async Task FailureStatuses_MapToSendResults(int status, SendStatus expected)
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake);
        var channel = fake.DirectChannelId(fake.CreateUser("ann"));
        fake.EnqueueMessageFailure(new FakeDiscordFailure((System.Net.HttpStatusCode)status));

        var result = await host.Rest.CreateMessageAsync(channel, "x", null, "1", CancellationToken.None);

        Assert.Equal(expected, result.Status);
        Assert.Null(result.RetryAfter);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownChannel_IsPermanent()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake);

        var result = await host.Rest.CreateMessageAsync("42", "x", null, "1", CancellationToken.None);

        Assert.Equal(SendStatus.Permanent, result.Status);
        Assert.Contains("Unknown Channel", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectedToken_OnGatewayLookup_IsFatalAndNamesTheSetting()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake, token: "wrong-token");

        var error = await Assert.ThrowsAsync<ChannelFatalException>(() => host.Rest.GetGatewayBotAsync(CancellationToken.None));

        Assert.Contains("MyBot:Discord:BotToken", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMessagesAfter_ReturnsOldestFirst()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var host = DiscordTestHost.Create(fake);
        var user = fake.CreateUser("ann");
        var first = await fake.SendDirectMessageAsync(user, "one");
        await fake.SendDirectMessageAsync(user, "two");
        await fake.SendDirectMessageAsync(user, "three");

        var messages = await host.Rest.GetMessagesAfterAsync(first.ChannelId, first.Id, 100, CancellationToken.None);

        Assert.Equal(["two", "three"], messages.Select(m => m.Content));
    }
}
