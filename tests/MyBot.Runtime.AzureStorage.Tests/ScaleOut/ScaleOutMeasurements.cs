using MyBot.TestKit;
using Xunit.Abstractions;

namespace MyBot.Runtime.AzureStorage.Tests.ScaleOut;

/// <summary>
/// Throughput, delay and storage calls per message with 1, 2 and 3 replicas on Azurite. Not part of the regular run
/// (scripts/test.sh leaves out Category=Performance); run it with
/// <c>dotnet test tests/MyBot.Runtime.AzureStorage.Tests --filter Category=Performance --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Performance")]
public sealed class ScaleOutMeasurements(ITestOutputHelper output)
{
    private const int Sources = 50;
    private const int MessagesPerSource = 10;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Measure(int replicas)
    {
        await using var cluster = await ScaleOutCluster.StartAsync();
        await Task.WhenAll(Enumerable.Range(0, replicas).Select(_ => cluster.StartReplicaAsync()));
        await Eventually.WaitUntilAsync(
            async () => (await cluster.LeasedPartitionsAsync()) is { Count: ScaleOutCluster.Partitions } leased && leased.Values.Distinct().Count() == replicas,
            TimeSpan.FromSeconds(60),
            "the partitions to spread");
        var callsBefore = cluster.StorageCalls;
        var load = new MessageLoad(cluster, Sources, MessagesPerSource);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        var elapsed = await load.RunAsync(timeout.Token);

        var calls = cluster.StorageCalls - callsBefore;
        var delays = load.Delays.Order().ToList();
        output.WriteLine(
            $"replicas={replicas} messages={load.Total} elapsed={elapsed.TotalSeconds:F1}s throughput={load.Total / elapsed.TotalSeconds:F1} msg/s " +
            $"p50={Percentile(delays, 0.50).TotalMilliseconds:F0}ms p99={Percentile(delays, 0.99).TotalMilliseconds:F0}ms " +
            $"storage calls={calls} ({(double)calls / load.Total:F1} per message, idle polling and lease renewals included)");
        Assert.Equal(load.Total, load.Answered);
    }

    /// <summary>
    /// What an idle deployment costs in storage calls: one replica with the production timings, nobody writing to it,
    /// with constant polling (MaxPollInterval = PollInterval) and with the default back-off.
    /// </summary>
    [Theory]
    [InlineData("00:00:01")]
    [InlineData(null)]
    public async Task Idle_storage_calls(string? maxPollInterval)
    {
        await using var cluster = await ScaleOutCluster.StartAsync();
        await cluster.StartReplicaAsync(new Dictionary<string, string?>
        {
            ["MyBot__Storage__Azure__LeaseDuration"] = null,
            ["MyBot__Storage__Azure__RenewInterval"] = null,
            ["MyBot__Storage__Azure__ReplicaExpiry"] = null,
            ["MyBot__Runtime__PollInterval"] = null,
            ["MyBot__Runtime__MaxPollInterval"] = maxPollInterval,
        });
        await Eventually.WaitUntilAsync(
            async () => (await cluster.LeasedPartitionsAsync()).Count == ScaleOutCluster.Partitions, TimeSpan.FromSeconds(60), "the replica to own every partition");

        // Let the back-off settle first, then count a whole number of balancing rounds (20 s each).
        var window = TimeSpan.FromSeconds(60);
        await Task.Delay(TimeSpan.FromSeconds(20));
        var blobBefore = cluster.BlobProxy.Requests;
        var queueBefore = cluster.QueueProxy.Requests;
        await Task.Delay(window);
        var blob = cluster.BlobProxy.Requests - blobBefore;
        var queue = cluster.QueueProxy.Requests - queueBefore;

        var perMonth = (blob + queue) * (TimeSpan.FromDays(30) / window);
        output.WriteLine(
            $"MaxPollInterval={maxPollInterval ?? "default"}: idle for {window.TotalSeconds:F0} s: {queue} queue calls, {blob} blob calls; " +
            $"{(blob + queue) / window.TotalMinutes:F1} calls/min, about {perMonth / 1e6:F2} million per 30 days");
        Assert.True(blob + queue > 0);
    }

    private static TimeSpan Percentile(List<TimeSpan> sorted, double percentile) =>
        sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile * sorted.Count) - 1)];
}
