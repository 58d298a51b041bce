using System.Diagnostics;
using MyBot.TestKit;
using Xunit.Abstractions;

namespace MyBot.Runtime.AzureStorage.Tests.ScaleOut;

/// <summary>
/// The issue's scale-out proof: three real server processes on one Azurite, 50 sources sending 500 messages through
/// the HTTP channel, one replica SIGKILLed in the middle and a fourth started later.
/// </summary>
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    private const int Sources = 50;
    private const int MessagesPerSource = 10;

    [Fact]
    public async Task Every_message_is_answered_through_a_kill_and_a_newcomer_with_one_turn_at_a_time_per_session()
    {
        await using var cluster = await ScaleOutCluster.StartAsync();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => cluster.StartReplicaAsync()));
        await Eventually.WaitUntilAsync(
            async () => (await cluster.LeasedPartitionsAsync()) is { Count: ScaleOutCluster.Partitions } leased && leased.Values.Distinct().Count() == 3,
            TimeSpan.FromSeconds(60),
            "the partitions to spread over three replicas");
        cluster.Llm.ConcurrencyKey = request => request.LastUserText.Split(' ', 2)[0];

        var load = new MessageLoad(cluster, Sources, MessagesPerSource);
        try
        {
            await RunScenarioAsync(cluster, load);
        }
        catch
        {
            output.WriteLine($"accepted {load.Accepted}, answered {load.Answered} of {load.Total}; LLM calls {cluster.Llm.RequestCount}");
            foreach (var replica in cluster.Replicas)
            {
                output.WriteLine($"--- replica pid {replica.ProcessId} (exited: {replica.HasExited})\n{Tail(replica.Logs, 4000)}");
            }

            throw;
        }
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];

    private async Task RunScenarioAsync(ScaleOutCluster cluster, MessageLoad load)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var run = load.RunAsync(timeout.Token);

        await Eventually.WaitUntilAsync(() => load.Accepted >= load.Total / 2 || run.IsCompleted, TimeSpan.FromMinutes(2), "half of the messages to be accepted");
        var victim = cluster.Replicas[1];
        var ownedBeforeKill = await cluster.LeasedPartitionsAsync();
        var deadOwner = ownedBeforeKill.Values.Distinct().Single(owner => owner.Contains($"-{victim.ProcessId}-", StringComparison.Ordinal));
        victim.Kill();
        var killedAt = Stopwatch.StartNew();

        // Failover: every partition leased again, none by the dead replica (it cannot renew, and its heartbeat stopped).
        await Eventually.WaitUntilAsync(
            async () => (await cluster.LeasedPartitionsAsync()) is { Count: ScaleOutCluster.Partitions } leased && !leased.Values.Contains(deadOwner),
            TimeSpan.FromSeconds(60),
            "the survivors to take over the dead replica's partitions");
        var failover = killedAt.Elapsed;

        await Eventually.WaitUntilAsync(() => load.Accepted >= load.Total * 4 / 5 || run.IsCompleted, TimeSpan.FromMinutes(2), "four fifths of the messages to be accepted");
        await cluster.StartReplicaAsync();

        var elapsed = await run;
        var counts = await load.CountRepliesAsync(timeout.Token);
        var duplicates = counts.Where(c => c.Value > 1).ToList();
        var maxOverlap = cluster.Llm.Concurrency.MaxPerKey;
        var leasedAtEnd = await WaitForSpreadAsync(cluster, deadOwner);

        output.WriteLine($"{load.Total} messages answered in {elapsed.TotalSeconds:F1} s; failover after SIGKILL {failover.TotalSeconds:F1} s");
        output.WriteLine($"duplicates: {duplicates.Count} ({string.Join(", ", duplicates.Select(d => $"s{d.Key.Source}/m{d.Key.Message}x{d.Value}"))})");
        output.WriteLine($"storage calls by the servers: {cluster.StorageCalls}; partitions at the end: {string.Join(", ", leasedAtEnd.OrderBy(p => p.Key).Select(p => $"{p.Key}:{p.Value}"))}");

        Assert.Equal(load.Total, counts.Count);
        Assert.All(duplicates, d => Assert.Equal(2, d.Value));
        var deadPartitions = ownedBeforeKill.Where(p => p.Value == deadOwner).Select(p => p.Key).ToHashSet();
        Assert.All(duplicates, d => Assert.Contains(StableHash.Partition($"http:u{d.Key.Source}:c{d.Key.Source}", ScaleOutCluster.Partitions), deadPartitions));
        Assert.All(duplicates.GroupBy(d => d.Key.Source), perSource => Assert.Single(perSource));
        Assert.All(maxOverlap, pair => Assert.True(pair.Value <= 1, $"{pair.Key} ran {pair.Value} turns at once."));
        Assert.Equal(3, leasedAtEnd.Values.Distinct().Count());
    }

    private static async Task<IReadOnlyDictionary<int, string>> WaitForSpreadAsync(ScaleOutCluster cluster, string deadOwner) =>
        await Eventually.WaitForAsync(
            async () => await cluster.LeasedPartitionsAsync() is { Count: ScaleOutCluster.Partitions } leased
                && leased.Values.Distinct().Count() == 3
                && !leased.Values.Contains(deadOwner)
                && leased.GroupBy(p => p.Value).All(g => g.Count() <= 3)
                    ? leased
                    : null,
            TimeSpan.FromSeconds(60),
            "the partitions to spread over the three live replicas");
}
