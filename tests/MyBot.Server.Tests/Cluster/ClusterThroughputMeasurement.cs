using MyBot.TestKit.Azure;
using MyBot.TestKit.Llm;
using MyBot.TestKit.Measurements;
using Xunit.Abstractions;

namespace MyBot.Server.Tests.Cluster;

/// <summary>
/// Messages per second and POST-to-reply latency of a cluster of 1, 2 or 3 server processes on one Azurite: each source
/// sends its next message through its own silo once the previous one is answered; the LLM answers at once.
/// </summary>
public sealed class ClusterThroughputMeasurement(AzuriteServer azurite, ITestOutputHelper output) : IClassFixture<AzuriteServer>
{
    private const int Sources = 50;
    private const int MessagesPerSource = 10;

    [MeasurementTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Messages_per_second_with_silos(int siloCount)
    {
        await using var llm = await ScriptedLlmServer.StartAsync();
        await using var cluster = new CloudCluster(azurite, llm.Endpoint);
        var silos = await Task.WhenAll(Enumerable.Range(0, siloCount).Select(_ => cluster.StartSiloAsync()));
        await cluster.WaitForActiveSilosAsync(siloCount);
        var clients = silos.Select(silo => silo.CreateClient()).ToList();

        // One unmeasured message per source first: the silos' first grain activations, JIT and queue balancing after a
        // start would otherwise land in whichever silo count runs first.
        await Task.WhenAll(Enumerable.Range(0, Sources).Select(source => ClusterTraffic.RunSourceAsync(clients[source % siloCount], source, 1, 1)));
        var started = TimeProvider.System.GetTimestamp();
        var latencies = (await Task.WhenAll(Enumerable.Range(0, Sources).Select(source => ClusterTraffic.RunSourceAsync(clients[source % siloCount], source, 2, MessagesPerSource + 1))))
            .SelectMany(times => times)
            .Order()
            .ToList();
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        Assert.Equal(Sources * MessagesPerSource, latencies.Count);
        output.WriteLine(
            $"| {siloCount} | {latencies.Count} | {latencies.Count / elapsed.TotalSeconds:F1} | {ClusterTraffic.Percentile(latencies, 0.50).TotalMilliseconds:N0} ms | {ClusterTraffic.Percentile(latencies, 0.99).TotalMilliseconds:N0} ms |");
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
