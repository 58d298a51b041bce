using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyBot.Channels;
using MyBot.Channels.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MyBot.Orleans.FileStorage.Data;
using MyBot.Server.Hosting;
using MyBot.TestKit.Llm;
using MyBot.TestKit.Server;

namespace MyBot.Bench;

/// <summary>Drives the real flow (HTTP channel → inbound stream → session → LLM → delivery → reply log) in-process on the file store.</summary>
internal sealed class FlowBenchmark(ScriptedLlmServer llm) : IAsyncDisposable
{
    private const int Posters = 32;
    private static readonly TimeSpan IdleDeactivation = TimeSpan.FromSeconds(5);

    public static async Task<FlowBenchmark> StartLlmAsync()
    {
        var llm = await ScriptedLlmServer.StartAsync();
        llm.KeepRequests = false;
        return new(llm);
    }

    /// <param name="sequential">One message at a time, each sent after the previous reply was stored: the overhead without queueing.</param>
    /// <param name="measureIdle">Waits for the sessions to deactivate to measure what an idle one keeps; the idle column is 0 without.</param>
    public async Task<ScenarioResult> RunScenarioAsync(int sources, int messages, bool sequential = false, bool measureIdle = true)
    {
        var dataDir = Directory.CreateTempSubdirectory("mybot-bench-");
        ReplyCountingChannel? observer = null;
        var port = ServerProcess.FreePort();
        var app = MyBotServer.Build(["--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["MyBot:DataDir"] = dataDir.FullName,
                ["MyBot:Llm:Endpoint"] = llm.Endpoint.ToString(),
                ["MyBot:Llm:Model"] = "bench",
                ["MyBot:Orleans:IdleDeactivation"] = IdleDeactivation.ToString("c", CultureInfo.InvariantCulture),
            });
            builder.Logging.SetMinimumLevel(LogLevel.Error);
            // Only the HTTP channel runs in the benchmark (no Telegram or Discord token), counted as it stores replies.
            builder.Services.RemoveAll<IChannel>();
            builder.Services.AddSingleton<IChannel>(provider => observer = new ReplyCountingChannel(provider.GetRequiredService<HttpChannel>()));
        });
        try
        {
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}") };
            await WarmUpAsync(client);
            var metrics = app.Services.GetRequiredService<FileStoreMetrics>();
            var grains = app.Services.GetRequiredService<IGrainFactory>();
            var warmReplies = observer!.RepliesStored;
            var baselineMemory = HeapAfterCollection();
            var fsyncsBefore = metrics.Fsyncs;
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;

            var accepted = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            var clock = Stopwatch.StartNew();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, sequential ? 1 : Posters).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < messages)
                {
                    while (sequential && observer.RepliesStored - warmReplies < i)
                    {
                        await Task.Delay(1);
                    }

                    var user = $"u{(i % sources).ToString(CultureInfo.InvariantCulture)}";
                    using var response = await client.PostAsJsonAsync("/api/messages", new { user, text = $"message {i}", id = $"m{i}" });
                    response.EnsureSuccessStatusCode();
                    var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                    accepted[body.GetProperty("eventId").GetString()!] = TimeProvider.System.GetUtcNow();
                }
            }));
            while (observer.RepliesStored - warmReplies < messages)
            {
                await Task.Delay(10);
            }

            clock.Stop();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var fsyncs = metrics.Fsyncs - fsyncsBefore;
            var activeMemory = HeapAfterCollection();

            var overheads = new List<TimeSpan>(messages);
            for (var s = 0; s < sources; s++)
            {
                var source = new EventSource(HttpChannel.PlatformName, $"u{s.ToString(CultureInfo.InvariantCulture)}", $"u{s.ToString(CultureInfo.InvariantCulture)}");
                foreach (var reply in await grains.GetGrain<IHttpReplyLogGrain>(source.ToString()).ReadAsync(0))
                {
                    var eventId = reply.Id[..reply.Id.IndexOf('#', StringComparison.Ordinal)];
                    if (accepted.TryGetValue(eventId, out var at))
                    {
                        overheads.Add(reply.At - at);
                    }
                }
            }

            var idleMemory = baselineMemory;
            if (measureIdle)
            {
                await Task.Delay(IdleDeactivation * 3);
                idleMemory = HeapAfterCollection();
            }

            overheads.Sort();
            return new ScenarioResult(
                sequential,
                sources,
                messages,
                messages / clock.Elapsed.TotalSeconds,
                Percentile(overheads, 0.50),
                Percentile(overheads, 0.99),
                (double)fsyncs / messages,
                fsyncs / clock.Elapsed.TotalSeconds,
                cpu / messages,
                (double)(activeMemory - baselineMemory) / sources,
                (double)(idleMemory - baselineMemory) / sources);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            dataDir.Delete(recursive: true);
        }
    }

    public async ValueTask DisposeAsync() => await llm.DisposeAsync();

    private static async Task WarmUpAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/messages", new { user = "warmup", text = "warm up", id = "w" });
        response.EnsureSuccessStatusCode();
        while ((await client.GetFromJsonAsync<JsonElement>("/api/messages?source=http:warmup:warmup&wait=5")).GetArrayLength() == 0)
        {
            await Task.Delay(10);
        }
    }

    private static long HeapAfterCollection()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static TimeSpan Percentile(List<TimeSpan> sorted, double quantile) =>
        sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
}
