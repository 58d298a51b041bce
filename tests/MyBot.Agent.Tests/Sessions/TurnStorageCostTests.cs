using System.Diagnostics;
using Microsoft.Extensions.AI;
using MyBot.Agent.History;
using MyBot.Agent.Sessions;
using MyBot.Channels;
using MyBot.TestKit;
using MyBot.TestKit.Channels;
using MyBot.TestKit.Grains;
using MyBot.TestKit.Time;
using Xunit.Abstractions;

namespace MyBot.Agent.Tests.Sessions;

/// <summary>Bytes written to grain storage per turn must not grow with the length of the conversation.</summary>
public sealed class TurnStorageCostTests(ITestOutputHelper output) : IDisposable
{
    private static readonly EventSource Source = new("test", "u1", "c1");
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Bytes_written_per_turn_stay_flat_from_10_to_1000_turns()
    {
        var stores = new SharedStores(_time);
        var channel = new RecordingChannel(chunkSize: 100_000);
        var llm = new ScriptedChatClient
        {
            Otherwise = messages => ScriptedChatClient.Response(
                new ChatMessage(ChatRole.Assistant, messages[0].Text.StartsWith("You maintain", StringComparison.Ordinal) ? new string('s', 1500) : $"Answer {messages.Count}: " + new string('a', 200)),
                200,
                60),
        };
        await using var silo = await AgentSilo.StartAsync(llm, channel, new MemoryTranscriptStore(), _directory.Path, stores, _time, new() { ["MyBot:Budget:DailyTokens"] = "0" });
        var session = silo.GrainFactory.GetGrain<ISessionGrain>(Source.ToString());

        var bytes = new long[1001];
        var ticks = new long[1001];
        for (var turn = 1; turn <= 1000; turn++)
        {
            var before = stores.Grains.BytesWritten;
            var started = Stopwatch.GetTimestamp();
            var text = $"Question {turn}: " + new string('q', 150);
            await session.HandleAsync(new InboundEvent(InboundEvent.CreateId(Source, $"{turn}"), Source, text, _time.GetUtcNow()), 1);
            await Eventually.WaitUntilAsync(
                () =>
                {
                    _time.Advance(TimeSpan.FromMilliseconds(1));
                    return channel.Delivered.Count >= turn;
                },
                TimeSpan.FromSeconds(10),
                $"reply {turn}");
            ticks[turn] = Stopwatch.GetTimestamp() - started;
            bytes[turn] = stores.Grains.BytesWritten - before;
        }

        output.WriteLine($"bytes written per turn (all grains): turns 1-10 {Average(bytes, 1, 10):0}, 91-100 {Average(bytes, 91, 100):0}, 451-500 {Average(bytes, 451, 500):0}, 951-1000 {Average(bytes, 951, 1000):0}");
        output.WriteLine($"turn time (ms, in-memory store, scripted in-process LLM, delivery included): turns 2-10 {Ms(ticks, 2, 10):0.00}, 91-100 {Ms(ticks, 91, 100):0.00}, 951-1000 {Ms(ticks, 951, 1000):0.00}");

        // Until the dedupe windows (256 inbound ids, delivered ids) fill up the records grow; after that they must not.
        var at500 = Average(bytes, 451, 500);
        var at1000 = Average(bytes, 951, 1000);
        Assert.True(at1000 <= at500 * 1.1, $"{at500:0} bytes per turn around turn 500, {at1000:0} around turn 1000");
    }

    public void Dispose() => _directory.Dispose();

    // Averages over windows of ten turns: one of them may include a compaction.
    private static double Average(long[] values, int from, int to) => values[from..(to + 1)].Average();

    private static double Ms(long[] ticks, int from, int to) => ticks[from..(to + 1)].Average() * 1000.0 / Stopwatch.Frequency;
}
