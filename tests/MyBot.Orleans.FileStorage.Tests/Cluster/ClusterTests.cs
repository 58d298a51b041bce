using MyBot.Grains;
using MyBot.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace MyBot.Orleans.FileStorage.Tests.Cluster;

/// <summary>The providers inside a real (in-process) silo: what the localhost silo relies on.</summary>
public sealed class ClusterTests : IDisposable
{
    public const string StreamProvider = "inbound";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Persistent_state_survives_a_cluster_restart_on_the_same_directory()
    {
        var key = NewKey();
        await using (var first = await FileStorageCluster.StartAsync(_data.Path))
        {
            await first.Grains.GetGrain<INoteGrain>(key).SetAsync("remember me");
        }

        await using var second = await FileStorageCluster.StartAsync(_data.Path);
        Assert.Equal("remember me", await second.Grains.GetGrain<INoteGrain>(key).GetAsync());
    }

    [Fact]
    public async Task A_reminder_survives_a_cluster_restart_and_fires_there()
    {
        var key = NewKey();
        await using (var first = await FileStorageCluster.StartAsync(_data.Path))
        {
            await first.Grains.GetGrain<IWakeUpGrain>(key).RegisterAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        }

        var ticksBefore = TestObservations.For(key).Count;
        await using var second = await FileStorageCluster.StartAsync(_data.Path);
        await Eventually.WaitUntilAsync(() => TestObservations.For(key).Count > ticksBefore, Bound, "the reminder to fire after the restart");
        Assert.True(await second.Grains.GetGrain<IWakeUpGrain>(key).IsRegisteredAsync());
    }

    [Fact]
    public async Task Stream_events_reach_their_implicit_consumer_once_in_order_and_are_deleted_from_disk()
    {
        var key = $"telegram:{NewKey()}:1";
        string[] sent = ["one", "two", "three", "four", "five"];
        await using var cluster = await FileStorageCluster.StartAsync(_data.Path);
        var publisher = cluster.Grains.GetGrain<IInboundPublisherGrain>("publisher");
        foreach (var text in sent)
        {
            await publisher.PublishAsync(key, text);
        }

        await Eventually.WaitUntilAsync(() => TestObservations.For(key).Count >= sent.Length, Bound, "the events to arrive");
        await Eventually.WaitUntilAsync(() => MessageFiles().Length == 0, Bound, "the delivered messages to be deleted");
        Assert.Equal(sent, TestObservations.For(key));
    }

    [Fact]
    public async Task A_consumer_that_keeps_failing_ends_in_the_dead_letters_after_max_attempts()
    {
        var key = $"telegram:{NewKey()}:1";
        await using var cluster = await FileStorageCluster.StartAsync(_data.Path);
        await cluster.Grains.GetGrain<IInboundPublisherGrain>("publisher").PublishAsync(key, "poison pill");

        var deadLetters = cluster.Cluster.GetSiloServiceProvider().GetRequiredService<IDeadLetterStore>();
        var letter = await Eventually.WaitForAsync(
            async () => (await deadLetters.ListAsync(CancellationToken.None)).SingleOrDefault(l => l.Key == key),
            TimeSpan.FromSeconds(45),
            "the poison event to become a dead letter");

        Assert.Equal(StreamProvider, letter.Origin);
        Assert.Equal(2, letter.Attempts);
        Assert.Equal("\"poison pill\"", letter.Payload);
        Assert.Empty(MessageFiles());
        Assert.True(TestObservations.For(key).Count >= 2, "each attempt reaches the consumer");
    }

    [Fact]
    public async Task A_second_silo_on_a_locked_data_directory_fails_naming_the_setting()
    {
        await using var first = await FileStorageCluster.StartAsync(_data.Path);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => FileStorageCluster.StartAsync(_data.Path));
        Assert.Contains("MyBot:DataDir", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_with_invalid_stream_options_does_not_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => FileStorageCluster.StartAsync(
            _data.Path,
            new Dictionary<string, string?> { ["MyBot:Streams:MaxAttempts"] = "0" }));
        Assert.Contains("MaxAttempts", Flatten(error), StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate
            ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Flatten))
            : error.InnerException is null ? error.Message : $"{error.Message} | {Flatten(error.InnerException)}";

    private string[] MessageFiles()
    {
        var streams = Path.Combine(_data.Path, "streams");
        return Directory.Exists(streams) ? Directory.GetFiles(streams, "*.msg", SearchOption.AllDirectories) : [];
    }
}
