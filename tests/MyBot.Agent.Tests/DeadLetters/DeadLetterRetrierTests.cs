using Microsoft.Extensions.DependencyInjection;
using MyBot.Agent.DeadLetters;
using MyBot.Agent.Delivery;
using MyBot.Agent.Inbound;
using MyBot.Channels;
using MyBot.Channels.Hosting;
using MyBot.Runtime.Hosting;
using MyBot.Runtime.Storage;
using MyBot.TestKit;
using MyBot.TestKit.Channels;
using MyBot.TestKit.Grains;

namespace MyBot.Agent.Tests.DeadLetters;

public sealed class DeadLetterRetrierTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly EventSource Source = new("test", "u1", "c1");

    private static Task<TestSilo> StartAsync(RecordingChannel channel, ProbeStreamHandler? inbound = null) =>
        TestSilo.StartAsync(s =>
        {
            s.AddSingleton(channel);
            s.AddSingleton<IChannel>(channel);
            s.AddChannel<RecordingChannel>();
            s.AddSingleton<IInboundPublisher, InboundPublisher>();
            s.AddOptions<DeliveryOptions>();
            s.AddGrain<IDeliveryGrain, DeliveryGrain>();
            s.AddStreamHandler<DeliveryRetryStreamHandler>();
            if (inbound is not null)
            {
                s.AddSingleton<Runtime.Streams.IStreamHandler>(inbound);
            }

            s.AddSingleton<DeadLetterRetrier>();
        });

    private static OutboundEvent Reply(string id, string text, DateTimeOffset at) => new(id, Source, text, at, "in-" + id, "pm-" + id, at);

    private static async Task TickUntilAsync(TestSilo silo, Func<bool> condition, string what) =>
        await Eventually.WaitUntilAsync(
            () =>
            {
                silo.Time.Advance(TimeSpan.Zero);
                return condition();
            },
            Bound,
            what);

    private static Task<DeadLetter> SingleLetterAsync(TestSilo silo) => LettersAsync(silo, 1, l => l[0]);

    private static async Task<T> LettersAsync<T>(TestSilo silo, int count, Func<IReadOnlyList<DeadLetter>, T> select)
        where T : class =>
        await Eventually.WaitForAsync(
            async () =>
            {
                silo.Time.Advance(TimeSpan.Zero);
                var letters = await silo.Stores.DeadLetters.ListAsync(CancellationToken.None);
                return letters.Count == count ? select(letters) : null;
            },
            Bound,
            $"{count} dead letter(s)");

    [Fact]
    public async Task A_refused_reply_retried_from_the_dead_letters_is_sent_once_and_its_letter_is_deleted()
    {
        var channel = new RecordingChannel(chunkSize: 4096);
        channel.Script(SendResult.Permanent("403 bot was blocked by the user"));
        await using var silo = await StartAsync(channel);
        await silo.GrainFactory.GetGrain<IDeliveryGrain>(Source.ToString()).EnqueueAsync([Reply("a", "hello again", silo.Time.GetUtcNow())]);
        var letter = await SingleLetterAsync(silo);

        var result = await silo.Services.GetRequiredService<DeadLetterRetrier>().RetryAsync(letter.Id, CancellationToken.None);

        Assert.Equal(DeadLetterRetryStatus.Requeued, result.Status);
        Assert.Equal(DeliveryRetryStreamHandler.StreamNamespace, result.RequeuedTo);
        await TickUntilAsync(silo, () => channel.Delivered.Count == 1, "the retried reply");
        Assert.Equal("hello again", channel.Delivered.Single().Text);
        Assert.Empty(await silo.Stores.DeadLetters.ListAsync(CancellationToken.None));
        silo.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(2, channel.Attempts.Count);
    }

    [Fact]
    public async Task A_retry_request_applied_twice_sends_the_reply_once()
    {
        var channel = new RecordingChannel(chunkSize: 4096);
        channel.Script(SendResult.Permanent("403"));
        await using var silo = await StartAsync(channel);
        var grain = silo.GrainFactory.GetGrain<IDeliveryGrain>(Source.ToString());
        var reply = Reply("a", "once", silo.Time.GetUtcNow());
        await grain.EnqueueAsync([reply]);
        await SingleLetterAsync(silo);

        await grain.RedeliverAsync(reply, "retry-1");
        await TickUntilAsync(silo, () => channel.Delivered.Count == 1, "the retried reply");
        await grain.RedeliverAsync(reply, "retry-1");
        silo.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Single(channel.Delivered);
        Assert.Equal(0, await grain.PendingCountAsync());
    }

    [Fact]
    public async Task A_retried_reply_that_fails_again_becomes_a_new_letter_while_the_retried_one_still_exists()
    {
        var channel = new RecordingChannel(chunkSize: 4096);
        channel.Script(SendResult.Permanent("403"), SendResult.Permanent("403 still blocked"));
        await using var silo = await StartAsync(channel);
        var grain = silo.GrainFactory.GetGrain<IDeliveryGrain>(Source.ToString());
        var reply = Reply("a", "blocked", silo.Time.GetUtcNow());
        await grain.EnqueueAsync([reply]);
        var first = await SingleLetterAsync(silo);

        // The retrier deletes the old letter only after the retry is durable; the grain may fail again before that.
        await grain.RedeliverAsync(reply, "retry-1");

        var letters = await LettersAsync(silo, 2, l => l);
        var second = Assert.Single(letters, l => l.Id != first.Id);
        Assert.Contains("still blocked", second.Error, StringComparison.Ordinal);
        Assert.Equal(DeliveryGrain.DeadLetterOrigin, second.Origin);
    }

    [Fact]
    public async Task A_stream_letter_is_published_to_its_stream_again_with_a_fresh_attempt_count()
    {
        var inbound = new ProbeStreamHandler(InboundPublisher.StreamNamespace);
        await using var silo = await StartAsync(new RecordingChannel(), inbound);
        var letter = new DeadLetter("inbound:0:42", InboundPublisher.StreamNamespace, Source.ToString(), "{\"id\":\"x\"}", "boom", 5, silo.Time.GetUtcNow());
        await silo.Stores.DeadLetters.AddAsync(letter, CancellationToken.None);

        var result = await silo.Services.GetRequiredService<DeadLetterRetrier>().RetryAsync(letter.Id, CancellationToken.None);

        Assert.Equal(DeadLetterRetryStatus.Requeued, result.Status);
        await TickUntilAsync(silo, () => !inbound.Received.IsEmpty, "the event back in its stream");
        var received = Assert.Single(inbound.Received);
        Assert.Equal((Source.ToString(), "{\"id\":\"x\"}", 1), (received.Key, received.Payload, received.Attempt));
        Assert.Null(await silo.Stores.DeadLetters.GetAsync(letter.Id, CancellationToken.None));
    }

    [Theory]
    [InlineData("telegram-webhook", "telegram", "{not an update")]
    [InlineData("delivery", "test:u1:c1", "{not a reply")]
    [InlineData("inbound", "", "{}")]
    public async Task A_letter_nothing_takes_back_is_not_retryable_and_is_kept(string origin, string key, string payload)
    {
        await using var silo = await StartAsync(new RecordingChannel(), new ProbeStreamHandler(InboundPublisher.StreamNamespace));
        var letter = new DeadLetter("letter-1", origin, key, payload, "unreadable", 1, silo.Time.GetUtcNow());
        await silo.Stores.DeadLetters.AddAsync(letter, CancellationToken.None);

        var result = await silo.Services.GetRequiredService<DeadLetterRetrier>().RetryAsync(letter.Id, CancellationToken.None);

        Assert.Equal(DeadLetterRetryStatus.NotRetryable, result.Status);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.Equal(letter, await silo.Stores.DeadLetters.GetAsync(letter.Id, CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_letter_is_not_found()
    {
        await using var silo = await StartAsync(new RecordingChannel());

        var result = await silo.Services.GetRequiredService<DeadLetterRetrier>().RetryAsync("nope", CancellationToken.None);

        Assert.Equal(DeadLetterRetryStatus.NotFound, result.Status);
        Assert.Null(result.Letter);
    }

    [Fact]
    public void The_agent_registers_the_retrier_and_the_delivery_retry_stream()
    {
        var services = new ServiceCollection();
        services.AddMyBotAgent(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());

        Assert.Contains(services, d => d.ServiceType == typeof(DeadLetterRetrier));
        Assert.Contains(services, d => d.ImplementationType == typeof(DeliveryRetryStreamHandler));
    }
}
