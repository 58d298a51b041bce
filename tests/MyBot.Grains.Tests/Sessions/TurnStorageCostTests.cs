using Microsoft.Extensions.AI;
using MyBot.Grains.Tests.Support;
using MyBot.TestKit.Llm;
using Xunit.Abstractions;

namespace MyBot.Grains.Tests.Sessions;

/// <summary>Bytes written to grain storage per turn must not grow with the length of the conversation.</summary>
public sealed class TurnStorageCostTests(ITestOutputHelper output) : IDisposable
{
    private static readonly EventSource Source = new("test", "u1", "c1");
    private readonly GrainsTestSetup _setup = new();

    [Fact]
    public async Task Bytes_written_per_turn_stay_flat_from_300_to_400_turns()
    {
        _setup.Llm.Otherwise = messages => ScriptedChatClient.Response(
            new ChatMessage(ChatRole.Assistant, messages[0].Text.StartsWith("You maintain", StringComparison.Ordinal) ? new string('s', 1500) : $"Answer {messages.Count}: " + new string('a', 200)),
            200,
            60);
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        const int turns = 400;
        var bytes = new long[turns + 1];
        var writes = new long[turns + 1];
        for (var turn = 1; turn <= turns; turn++)
        {
            var before = (_setup.Storage.BytesWritten, _setup.Storage.WriteCount);
            var text = $"Question {turn}: " + new string('q', 150);
            await cluster.PublishAsync(new InboundEvent(InboundEvent.CreateId(Source, $"{turn}"), Source, text, TimeProvider.System.GetUtcNow()));
            await cluster.WaitUntilAsync(async () => (await cluster.Session(Source).GetSnapshotAsync()).InboxCount == 0 && _setup.Channel.Delivered.Count >= turn, $"reply {turn}");
            bytes[turn] = _setup.Storage.BytesWritten - before.BytesWritten;
            writes[turn] = _setup.Storage.WriteCount - before.WriteCount;
        }

        output.WriteLine($"bytes written per turn (all grains): turns 1-10 {Average(bytes, 1, 10):0}, 91-100 {Average(bytes, 91, 100):0}, 291-300 {Average(bytes, 291, 300):0}, 391-400 {Average(bytes, 391, 400):0}");
        output.WriteLine($"grain state writes per turn (session, delivery, usage): {Average(writes, 2, turns):0.00}");

        // Until the dedupe windows (256 inbound ids, delivered ids) fill up the records grow; after that they must not.
        var at300 = Average(bytes, 291, 300);
        var at400 = Average(bytes, 391, 400);
        Assert.True(at400 <= at300 * 1.1, $"{at300:0} bytes per turn around turn 300, {at400:0} around turn 400");
    }

    public void Dispose() => _setup.Dispose();

    // Averages over windows of ten turns: one of them may include a compaction.
    private static double Average(long[] values, int from, int to) => values[from..(to + 1)].Average();
}
