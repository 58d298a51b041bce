using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyBot.Server.Hosting;
using MyBot.Server.Tests.Admin;
using MyBot.Server.Tests.EndToEnd;
using MyBot.Telemetry;
using MyBot.TestKit;
using MyBot.TestKit.Llm;
using MyBot.TestKit.Server;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MyBot.Server.Tests.Telemetry;

/// <summary>The real flow in-process (HTTP channel → inbound stream → session → LLM → delivery → send), its spans and metrics caught by the in-memory exporter.</summary>
[Collection(InProcessServerCollection.Name)]
public sealed class TraceFlowTests
{
    [Fact]
    public async Task A_message_makes_one_trace_from_the_request_across_the_stream_to_the_llm_call_and_the_send()
    {
        await using var llm = await ScriptedLlmServer.StartAsync();
        var spans = new Exported<Activity>();
        var metrics = new Exported<Metric>();
        using var dataDir = new TempDirectory();
        await using var flow = await StartAsync(llm, dataDir, spans, metrics);

        var traceId = await flow.PostAsync("olga", "o1");
        await MessagesApi.WaitForRepliesAsync(flow.Client, "http:olga:olga", 1);
        var send = await WaitForSpanAsync(spans, s => s.OperationName == "send http" && s.TraceId == traceId);

        // The send runs beside the end of the turn (its last state write): the turn's span may end after the send's.
        await WaitForSpanAsync(spans, s => s.OperationName == "turn" && s.TraceId == traceId);

        var ours = spans.Snapshot().Where(s => s.TraceId == traceId).ToList();
        var request = Assert.Single(ours, s => s.Kind == ActivityKind.Server && s.DisplayName == "POST /api/messages");
        var publish = Assert.Single(ours, s => s.OperationName == "publish inbound");
        var turn = Assert.Single(ours, s => s.OperationName == "turn");
        var chat = Assert.Single(ours, s => s.Source.Name == MyBotTelemetry.Name && s.DisplayName == "chat test-model");
        Assert.Equal(request.SpanId, publish.ParentSpanId);
        Assert.Equal(publish.SpanId, turn.ParentSpanId);
        Assert.Equal(turn.SpanId, chat.ParentSpanId);
        Assert.Equal(turn.SpanId, send.ParentSpanId);
        Assert.Equal("test-model", chat.GetTagItem("gen_ai.request.model"));
        Assert.Contains(ours, s => s.Source.Name == "Microsoft.Orleans.Application" && s.ParentSpanId == turn.SpanId);
        Assert.Contains(ours, s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http" && s.ParentSpanId == chat.SpanId);
        Assert.Equal("sent", send.GetTagItem("mybot.delivery.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, turn.Status);

        flow.App.Services.GetRequiredService<MeterProvider>().ForceFlush();
        var names = metrics.Snapshot().Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(StringComparer.Ordinal) { "mybot.messages.in", "mybot.turns", "mybot.turn.duration", "mybot.delivery.attempts", "mybot.inbox.depth", "mybot.deliveries.pending", "gen_ai.client.operation.duration" }, names);
    }

    [Fact]
    public async Task A_turn_retried_after_an_llm_failure_joins_the_trace_of_the_message_and_says_so()
    {
        await using var llm = await ScriptedLlmServer.StartAsync();
        llm.Enqueue(ScriptedReply.WithError(503, "overloaded"));
        var spans = new Exported<Activity>();
        using var dataDir = new TempDirectory();
        await using var flow = await StartAsync(llm, dataDir, spans, new Exported<Metric>());

        var traceId = await flow.PostAsync("pia", "p1");
        await MessagesApi.WaitForRepliesAsync(flow.Client, "http:pia:pia", 1);
        await WaitForSpanAsync(spans, s => s.OperationName == "send http" && s.TraceId == traceId);
        await WaitForSpanAsync(spans, s => s.OperationName == "turn" && s.TraceId == traceId && s.Status != ActivityStatusCode.Error);

        var turns = spans.Snapshot().Where(s => s.OperationName == "turn" && s.TraceId == traceId).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(2, turns.Count);
        Assert.Equal(turns[0].ParentSpanId, turns[1].ParentSpanId);
        Assert.Equal(ActivityStatusCode.Error, turns[0].Status);
        Assert.DoesNotContain(turns[0].Events, e => e.Name == "mybot.turn.redelivered");
        Assert.Contains(turns[1].Events, e => e.Name == "mybot.turn.redelivered");
        Assert.Equal(2, turns[1].GetTagItem("mybot.turn.attempt"));
    }

    [Fact]
    public async Task The_inbox_depth_gauge_counts_a_message_whose_turn_waits_for_the_llm()
    {
        await using var llm = await ScriptedLlmServer.StartAsync();
        using var dataDir = new TempDirectory();
        await using var flow = await StartAsync(llm, dataDir, new Exported<Activity>(), new Exported<Metric>());
        using (var hold = llm.HoldReplies())
        {
            await flow.PostAsync("quinn", "q1");
            await hold.WaitForHeldRequestsAsync(1, E2eEnvironment.Bound);

            Assert.True(ObserveGauge("mybot.inbox.depth") >= 1);
        }

        await MessagesApi.WaitForRepliesAsync(flow.Client, "http:quinn:quinn", 1);
    }

    /// <summary>Reads an observable gauge of the product's meter once, as an exporter would.</summary>
    private static long ObserveGauge(string name)
    {
        long value = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MyBotTelemetry.Name && instrument.Name == name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, measurement, _, _) => value += measurement);
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }

    private static async Task<RunningFlow> StartAsync(ScriptedLlmServer llm, TempDirectory dataDir, Exported<Activity> spans, Exported<Metric> metrics)
    {
        var port = ServerProcess.FreePort().ToString(CultureInfo.InvariantCulture);
        var app = MyBotServer.Build(["--urls", $"http://127.0.0.1:{port}"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["MyBot:DataDir"] = dataDir.Path,
                ["MyBot:Llm:Endpoint"] = llm.Endpoint.ToString(),
                ["MyBot:Llm:Model"] = "test-model",
                ["MyBot:Session:RetryBackoff"] = "00:00:00.100",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
            builder.Services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics));
        });
        await app.StartAsync();
        return new RunningFlow(app, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") });
    }

    private static Task<Activity> WaitForSpanAsync(Exported<Activity> spans, Func<Activity, bool> match) =>
        Eventually.WaitForAsync(() => Task.FromResult(spans.Snapshot().FirstOrDefault(match)), E2eEnvironment.Bound, "the span");

    /// <summary>What the in-memory exporter appended, from the threads that end the spans, read while they still append.</summary>
    private sealed class Exported<T> : Collection<T>
    {
        public List<T> Snapshot()
        {
            lock (Items)
            {
                return [.. Items];
            }
        }

        protected override void InsertItem(int index, T item)
        {
            lock (Items)
            {
                base.InsertItem(index, item);
            }
        }
    }

    private sealed record RunningFlow(WebApplication App, HttpClient Client) : IAsyncDisposable
    {
        /// <summary>Posts from inside a caller's span (the client's own HttpClient span passes it on as <c>traceparent</c>) and returns its trace id.</summary>
        public async Task<ActivityTraceId> PostAsync(string user, string id)
        {
            // Sampled, as a caller that traces would send it: the server's parent-based sampler follows the flag.
            using var caller = new Activity("caller") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.SetIdFormat(ActivityIdFormat.W3C).Start();
            using var response = await Client.PostAsJsonAsync("/api/messages", new { user, text = "hello", id });
            response.EnsureSuccessStatusCode();
            return caller.TraceId;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
