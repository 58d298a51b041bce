using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyBot.Channels;
using MyBot.Grains.DeadLetters;
using MyBot.Grains.Delivery;
using MyBot.Grains.Tests.Support;
using MyBot.TestKit.Channels;

namespace MyBot.Grains.Tests.DeadLetters;

public sealed class DeadLetterRetrierTests : IDisposable
{
    private static readonly EventSource Source = new("test", "u1", "c1");
    private readonly GrainsTestSetup _setup = new() { Channel = new RecordingChannel(chunkSize: 4096) };

    [Fact]
    public async Task A_refused_reply_retried_from_the_dead_letters_is_sent_once_and_its_letter_is_deleted()
    {
        _setup.Channel.Script(SendResult.Permanent("403 bot was blocked by the user"));
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        await Delivery(cluster).EnqueueAsync([Reply("a", "hello again")]);
        var letter = await SingleLetterAsync(cluster);

        var result = await cluster.Service<DeadLetterRetrier>().RetryAsync(letter.Id, CancellationToken.None);

        Assert.Equal((DeadLetterRetryStatus.Requeued, DeliveryGrain.DeadLetterOrigin), (result.Status, result.RequeuedTo));
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the retried reply");
        Assert.Equal("hello again", _setup.Channel.Delivered.Single().Text);
        Assert.Empty(await _setup.DeadLetters.ListAsync(CancellationToken.None));
        Assert.Equal(2, _setup.Channel.Attempts.Count);
    }

    [Fact]
    public async Task A_retry_request_applied_twice_sends_the_reply_once()
    {
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var grain = Delivery(cluster);
        var reply = Reply("a", "once");

        await grain.RedeliverAsync(reply, "retry-1");
        await grain.RedeliverAsync(reply, "retry-1");
        await cluster.WaitUntilAsync(async () => await grain.PendingCountAsync() == 0, "the outbox to empty");
        await grain.RedeliverAsync(reply, "retry-1");

        Assert.Equal(0, await grain.PendingCountAsync());
        Assert.Single(_setup.Channel.Delivered);
    }

    [Fact]
    public async Task A_retried_reply_that_fails_again_becomes_a_new_letter_while_the_retried_one_still_exists()
    {
        _setup.Channel.Script(SendResult.Permanent("403"), SendResult.Permanent("403 still blocked"));
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var grain = Delivery(cluster);
        var reply = Reply("a", "blocked");
        await grain.EnqueueAsync([reply]);
        var first = await SingleLetterAsync(cluster);

        // The retrier deletes the old letter only after the retry is durable; the grain may fail again before that.
        await grain.RedeliverAsync(reply, first.Id);

        await cluster.WaitUntilAsync(async () => (await _setup.DeadLetters.ListAsync(CancellationToken.None)).Count == 2, "a second letter");
        var second = Assert.Single(await _setup.DeadLetters.ListAsync(CancellationToken.None), l => l.Id != first.Id);
        Assert.Contains("still blocked", second.Error, StringComparison.Ordinal);
        Assert.Equal(DeliveryGrain.DeadLetterOrigin, second.Origin);
    }

    [Theory]
    [InlineData("telegram-webhook", "telegram", "{not an update")]
    [InlineData("telegram-polling", "telegram", "{}")]
    [InlineData("delivery", "test:u1:c1", "{not a reply")]
    [InlineData("inbound", "test:u1:c1", "{not a message")]
    [InlineData("inbound", "", "{}")]
    public async Task A_letter_nothing_takes_back_is_not_retryable_and_is_kept(string origin, string key, string payload)
    {
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var letter = new DeadLetter("letter-1", origin, key, payload, "unreadable", 1, TimeProvider.System.GetUtcNow());
        await _setup.DeadLetters.AddAsync(letter, CancellationToken.None);

        var result = await cluster.Service<DeadLetterRetrier>().RetryAsync(letter.Id, CancellationToken.None);

        Assert.Equal(DeadLetterRetryStatus.NotRetryable, result.Status);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.Equal(letter, await _setup.DeadLetters.GetAsync(letter.Id, CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_letter_is_not_found()
    {
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        var result = await cluster.Service<DeadLetterRetrier>().RetryAsync("nope", CancellationToken.None);

        Assert.Equal(DeadLetterRetryStatus.NotFound, result.Status);
        Assert.Null(result.Letter);
    }

    [Fact]
    public void AddMyBotGrains_registers_the_retrier_and_the_grain_options()
    {
        var services = new ServiceCollection();
        services.AddMyBotGrains(new ConfigurationBuilder().Build());

        Assert.Contains(services, d => d.ServiceType == typeof(DeadLetterRetrier));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(5, provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<MyBot.Grains.Sessions.SessionOptions>>().Value.MaxAttempts);
        Assert.Equal(10, provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DeliveryOptions>>().Value.MaxAttempts);
    }

    public void Dispose() => _setup.Dispose();

    private static IDeliveryGrain Delivery(GrainsTestCluster cluster) => cluster.Grains.GetGrain<IDeliveryGrain>(Source.ToString());

    private static OutboundEvent Reply(string id, string text)
    {
        var at = TimeProvider.System.GetUtcNow();
        return new(id, Source, text, at, "in-" + id, "pm-" + id, at);
    }

    private async Task<DeadLetter> SingleLetterAsync(GrainsTestCluster cluster)
    {
        await cluster.WaitUntilAsync(async () => (await _setup.DeadLetters.ListAsync(CancellationToken.None)).Count == 1, "a dead letter");
        return (await _setup.DeadLetters.ListAsync(CancellationToken.None)).Single();
    }
}
