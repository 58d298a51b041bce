using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using MyBot.Orleans.AzureStorage.Hosting;
using MyBot.Server.Hosting;
using MyBot.TestKit;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Llm;
using MyBot.TestKit.Measurements;
using MyBot.TestKit.Server;
using Xunit.Abstractions;

namespace MyBot.Server.Tests.Cluster;

/// <summary>
/// What a cloud-mode cluster of 1, 2 or 3 servers asks of storage: the requests its Azure clients send (counted by
/// <see cref="AzureStorageRequestCounter"/>, the pipeline policy on every client) per answered message, the queue polls
/// among them, and per minute of idle time; with the messages per second and latency of the same run. The servers run in
/// this process, so one listener sees every client's counter, with the product's defaults (one queue polled every second).
/// </summary>
public sealed class ClusterStorageCostMeasurement(AzuriteServer azurite, ITestOutputHelper output) : IClassFixture<AzuriteServer>
{
    private const int Sources = 20;
    private const int MessagesPerSource = 10;
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(60);

    /// <summary>Long enough for the warm-up's conversations to unregister their backstop reminders (a tick or two).</summary>
    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(30);

    [MeasurementTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Storage_requests_per_message_and_per_idle_minute(int siloCount)
    {
        await using var llm = await ScriptedLlmServer.StartAsync();
        using var requests = new RequestCounts();
        var clusterId = $"cost-{Guid.NewGuid():N}"[..16];
        var serviceId = $"cost{Guid.NewGuid():N}"[..16];

        // Grain state is named by grain id alone: each run needs its own container, or it reads the last run's replies.
        var container = $"cost{Guid.NewGuid():N}"[..16];
        var servers = new List<WebApplication>();
        try
        {
            for (var i = 0; i < siloCount; i++)
            {
                servers.Add(await StartAsync(clusterId, serviceId, container, llm.Endpoint));
            }

            var clients = servers.Select(server => new HttpClient { BaseAddress = new Uri(server.Urls.Single()), Timeout = TimeSpan.FromSeconds(100) }).ToList();

            // One unmeasured message per source: first activations, reminders and queue balancing are a start's cost.
            await Task.WhenAll(Enumerable.Range(0, Sources).Select(source => ClusterTraffic.RunSourceAsync(clients[source % siloCount], source, 1, 1)));

            // The idle figure is the number of requests in a fixed window with nothing to do: these waits are the window.
            await Task.Delay(Settling);
            requests.Reset();
            await Task.Delay(IdleWindow);
            var idle = requests.Reset();

            var started = TimeProvider.System.GetTimestamp();
            var latencies = (await Task.WhenAll(Enumerable.Range(0, Sources).Select(source => ClusterTraffic.RunSourceAsync(clients[source % siloCount], source, 2, MessagesPerSource + 1))))
                .SelectMany(times => times)
                .Order()
                .ToList();
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            var load = requests.Reset();

            var messages = latencies.Count;
            var polls = load.GetValueOrDefault("queue GET");
            var all = load.Values.Sum();
            output.WriteLine(
                $"| {siloCount} | {messages} | {messages / elapsed.TotalSeconds:F1} | {ClusterTraffic.Percentile(latencies, 0.50).TotalMilliseconds:N0} ms | {ClusterTraffic.Percentile(latencies, 0.99).TotalMilliseconds:N0} ms | " +
                $"{(double)all / messages:F1} | {(double)polls / messages:F1} | {(double)(all - polls) / messages:F1} | {idle.Values.Sum() * (TimeSpan.FromMinutes(1) / IdleWindow):F0} |");
            output.WriteLine($"  during the messages ({elapsed.TotalSeconds:F1} s): {Describe(load)}");
            output.WriteLine($"  idle ({IdleWindow.TotalSeconds:0} s after {Settling.TotalSeconds:0} s settling): {Describe(idle)}");
            Assert.Equal(Sources * MessagesPerSource, messages);
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.StopAsync();
                await server.DisposeAsync();
            }
        }
    }

    private async Task<WebApplication> StartAsync(string clusterId, string serviceId, string container, Uri llmEndpoint)
    {
        var url = $"http://127.0.0.1:{ServerProcess.FreePort().ToString(CultureInfo.InvariantCulture)}";
        var server = MyBotServer.Build(
        [
            $"--urls={url}",
            "--Logging:LogLevel:Default=Warning",
            "--MyBot:Storage:Provider=AzureStorage",
            $"--MyBot:Storage:Azure:ConnectionString={azurite.ConnectionString}",
            $"--MyBot:Storage:Azure:ContainerName={container}",
            $"--MyBot:Orleans:ClusterId={clusterId}",
            $"--MyBot:Orleans:ServiceId={serviceId}",
            $"--MyBot:Orleans:SiloPort={ServerProcess.FreePort().ToString(CultureInfo.InvariantCulture)}",
            "--MyBot:Orleans:AdvertisedAddress=127.0.0.1",
            "--MyBot:Orleans:ListenOnAny=false",
            $"--MyBot:Llm:Endpoint={llmEndpoint}",
            "--MyBot:Llm:Model=scripted-model",
        ]);
        await server.StartAsync();
        using var probe = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.WaitUntilAsync(
            async () =>
            {
                try
                {
                    using var response = await probe.GetAsync(new Uri("/readyz", UriKind.Relative));
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            CloudCluster.Bound,
            $"the server at {url} to be ready");
        return server;
    }

    private static string Describe(IReadOnlyDictionary<string, long> counts) =>
        string.Join(", ", counts.OrderBy(count => count.Key, StringComparer.Ordinal).Select(count => $"{count.Key} {count.Value}"));

    /// <summary>Every storage request of every server in this process, by service and method, since the last reset.</summary>
    private sealed class RequestCounts : IDisposable
    {
        private readonly MeterListener _listener = new();
        private ConcurrentDictionary<string, long> _counts = new();

        public RequestCounts()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AzureStorageRequestCounter.MeterName && instrument.Name == AzureStorageRequestCounter.InstrumentName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string? service = null;
                string? method = null;
                foreach (var tag in tags)
                {
                    service = tag.Key == "service" ? tag.Value as string : service;
                    method = tag.Key == "method" ? tag.Value as string : method;
                }

                Volatile.Read(ref _counts).AddOrUpdate($"{service} {method}", value, (_, total) => total + value);
            });
            _listener.Start();
        }

        /// <returns>The counts since the previous reset.</returns>
        public IReadOnlyDictionary<string, long> Reset() => Interlocked.Exchange(ref _counts, new ConcurrentDictionary<string, long>());

        public void Dispose() => _listener.Dispose();
    }
}
