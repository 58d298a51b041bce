using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MyBot.Grains;
using MyBot.Orleans.FileStorage.DeadLetters;
using MyBot.Orleans.FileStorage.Streams;
using MyBot.TestKit.Contracts.Orleans;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Streams;

namespace MyBot.Orleans.FileStorage.Tests.Streams;

public sealed class FileQueueAdapterTests : QueueAdapterContract, IDisposable
{
    private const string Name = "inbound";
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromMinutes(5);

    private readonly TestDataDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;

    public FileQueueAdapterTests()
    {
        _services = new ServiceCollection()
            .AddSerializer()
            .AddLogging()
            .AddSingleton(_data.Directory)
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton<IDeadLetterStore>(new FileDeadLetterStore(_data.Directory))
            .Configure<FileQueueStreamOptions>(Name, o =>
            {
                o.MaxAttempts = 3;
                o.VisibilityTimeout = VisibilityTimeout;
                o.Queues = 2;
            })
            .Configure<SimpleQueueCacheOptions>(Name, o => o.CacheSize = 10)
            .BuildServiceProvider();
    }

    protected override string ProviderName => Name;

    protected override int MaxAttempts => 3;

    protected override Task<IQueueAdapterFactory> CreateFactoryAsync() =>
        Task.FromResult<IQueueAdapterFactory>(FileQueueAdapterFactory.Create(_services, Name));

    protected override Task PassVisibilityTimeoutAsync()
    {
        _time.Advance(VisibilityTimeout + TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    protected override int AttemptOf(IBatchContainer batch) => ((FileQueueBatchContainer)batch).Attempt;

    protected override Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync() =>
        _services.GetRequiredService<IDeadLetterStore>().ListAsync(CancellationToken.None);

    [Fact]
    public async Task After_a_crash_a_received_but_undelivered_message_comes_back_at_once_with_its_attempt_counted()
    {
        var stream = NewStream();
        var queue = await OpenAsync(stream);
        await queue.EnqueueAsync("hello");
        Assert.Single(await queue.ReceiveAsync());

        var restarted = await OpenAsync(stream);
        var again = Assert.Single(await restarted.ReceiveAsync());
        Assert.Equal(2, AttemptOf(again));
    }

    [Fact]
    public async Task A_shut_down_receiver_releases_what_it_handed_out()
    {
        var queue = await OpenAsync(NewStream());
        await queue.EnqueueAsync("hello");
        Assert.Single(await queue.ReceiveAsync());
        await queue.Receiver.Shutdown(TimeSpan.FromSeconds(5));

        Assert.Equal(2, AttemptOf(Assert.Single(await queue.ReceiveAsync())));
    }

    [Fact]
    public async Task A_delivered_message_file_is_deleted_from_disk()
    {
        var queue = await OpenAsync(NewStream());
        await queue.EnqueueAsync("hello");
        Assert.Single(MessageFiles());

        await queue.Receiver.MessagesDeliveredAsync(await queue.ReceiveAsync(), CancellationToken.None);
        Assert.Empty(MessageFiles());
    }

    [Fact]
    public async Task Delivery_reported_for_an_earlier_receive_does_not_delete_the_message_handed_out_again()
    {
        var queue = await OpenAsync(NewStream());
        await queue.EnqueueAsync("hello");
        var first = await queue.ReceiveAsync();
        await PassVisibilityTimeoutAsync();
        var second = Assert.Single(await queue.ReceiveAsync());

        await queue.Receiver.MessagesDeliveredAsync(first, CancellationToken.None);
        Assert.Single(MessageFiles());
        await queue.Receiver.MessagesDeliveredAsync([second], CancellationToken.None);
        Assert.Empty(MessageFiles());
    }

    [Fact]
    public async Task An_unreadable_message_file_goes_to_the_dead_letters_and_the_queue_moves_on()
    {
        var queue = await OpenAsync(NewStream());
        await queue.EnqueueAsync("first");
        await queue.EnqueueAsync("second");
        var firstFile = MessageFiles().Order(StringComparer.Ordinal).First();
        await File.WriteAllBytesAsync(firstFile, [0xFF, 0x00, 0x13]);

        var reopened = await OpenAsync(queue.StreamId);
        var batch = Assert.Single(await reopened.ReceiveAsync());
        Assert.Equal(["second"], batch.GetEvents<string>().Select(e => e.Item1));
        var letter = Assert.Single(await ReadDeadLettersAsync());
        Assert.Equal(Convert.ToBase64String([0xFF, 0x00, 0x13]), letter.Payload);
        Assert.Contains("could not be", letter.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_enqueue_is_durable_before_it_returns_with_one_fsync()
    {
        var queue = await OpenAsync(NewStream());
        var before = _data.Directory.Metrics.Fsyncs;
        await queue.EnqueueAsync("hello");
        Assert.Equal(before + 1, _data.Directory.Metrics.Fsyncs);
    }

    public void Dispose()
    {
        _services.Dispose();
        _data.Dispose();
    }

    private string[] MessageFiles()
    {
        _data.Directory.Checkpoint();
        return Directory.GetFiles(Path.Combine(_data.Root, "streams"), "*.msg", SearchOption.AllDirectories);
    }
}
