using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using MyBot.Grains.Sessions;
using MyBot.Grains.Tests.Support;
using MyBot.TestKit;
using MyBot.TestKit.Llm;
using Orleans.Configuration;

namespace MyBot.Grains.Tests.Sessions;

public sealed class TwoSiloTests : IDisposable
{
    private const int Sources = 5;
    private const int MessagesPerSource = 6;
    private readonly GrainsTestSetup _setup = new();
    private readonly ConcurrentDictionary<string, int> _inFlight = new();
    private int _overlaps;

    [Fact]
    public async Task A_conversation_keeps_one_activation_with_no_overlapping_turns_while_silos_join_and_leave()
    {
        _setup.Llm.Otherwise = null;

        // A turn in flight while a silo leaves may find a grain it calls unreachable there; the session then tries the
        // turn again, asking the model once more, once the cluster can have declared that silo dead.
        for (var i = 0; i < 2 * Sources * MessagesPerSource; i++)
        {
            _setup.Llm.ThenAsync(AnswerSlowlyAsync);
        }

        await using var cluster = await GrainsTestCluster.StartAsync(_setup, silos: 2);
        var sources = Enumerable.Range(1, Sources).Select(i => new EventSource("test", $"u{i}", "c1")).ToList();
        foreach (var n in Enumerable.Range(1, MessagesPerSource))
        {
            foreach (var source in sources)
            {
                await cluster.PublishAsync(new InboundEvent(InboundEvent.CreateId(source, $"{n}"), source, $"{source.UserId} message {n}", TimeProvider.System.GetUtcNow()));
            }
        }

        // Every message is durable in an inbox (the memory stream's own queue would not survive its silo leaving).
        await cluster.WaitUntilAsync(async () => await AcceptedAsync(cluster, sources) == Sources * MessagesPerSource, "all messages accepted");
        await cluster.Cluster.StartAdditionalSiloAsync();
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count >= Sources * MessagesPerSource / 3, "a third of the replies");
        await cluster.Cluster.StopSiloAsync(cluster.Cluster.Silos[0]);

        // Asking each session for its snapshot activates it if it was on the silo that left; the activation resumes its
        // inbox. A turn that found the leaving silo unreachable waits out the death declaration before it tries again.
        await Eventually.WaitUntilAsync(
            async () => await AnsweredAsync(cluster, sources) == Sources * MessagesPerSource,
            SessionGrain.DeathDeclarationTime(new ClusterMembershipOptions()) + GrainsTestCluster.Bound,
            "every message answered");

        Assert.Equal(0, _overlaps);
        var asked = _setup.Llm.Requests.GroupBy(r => r.Messages[^1].Text).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Sources * MessagesPerSource, asked.Count);
        Assert.All(asked, question => Assert.InRange(question.Value, 1, 2));
        foreach (var source in sources)
        {
            var replies = _setup.Channel.Delivered.Where(c => c.Source == source).Select(c => c.Text).ToList();
            Assert.Equal(Enumerable.Range(1, MessagesPerSource).Select(n => $"{source.UserId} message {n}: answered"), replies);
        }
    }

    public void Dispose() => _setup.Dispose();

    private static async Task<int> AcceptedAsync(GrainsTestCluster cluster, List<EventSource> sources)
    {
        var total = 0;
        foreach (var source in sources)
        {
            var snapshot = await cluster.Session(source).GetSnapshotAsync();
            total += snapshot.InboxCount + snapshot.AnsweredCount;
        }

        return total;
    }

    private static async Task<int> AnsweredAsync(GrainsTestCluster cluster, List<EventSource> sources)
    {
        var total = 0;
        foreach (var source in sources)
        {
            total += (await cluster.Session(source).GetSnapshotAsync()).AnsweredCount;
        }

        return total;
    }

    private async Task<ChatResponse> AnswerSlowlyAsync(IReadOnlyList<ChatMessage> messages)
    {
        var text = messages[^1].Text;
        var user = text.Split(' ')[0];
        if (_inFlight.AddOrUpdate(user, 1, (_, n) => n + 1) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(150));
            return ScriptedChatClient.Response(new ChatMessage(ChatRole.Assistant, $"{text}: answered"), 10, 5);
        }
        finally
        {
            _inFlight.AddOrUpdate(user, 0, (_, n) => n - 1);
        }
    }
}
