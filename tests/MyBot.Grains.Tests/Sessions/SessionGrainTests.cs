using MyBot.Grains.Tests.Support;

namespace MyBot.Grains.Tests.Sessions;

public sealed class SessionGrainTests : IDisposable
{
    private static readonly EventSource Source = new("test", "u1", "c1");
    private readonly GrainsTestSetup _setup = new();

    [Fact]
    public async Task A_published_message_is_answered_through_the_delivery_grain_and_leaves_the_inbox()
    {
        _setup.Llm.Reply("Hello back.");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        await cluster.PublishAsync(Inbound("1", "hello"));

        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the reply");
        var reply = Assert.Single(_setup.Channel.Delivered);
        Assert.Equal("Hello back.", reply.Text);
        Assert.Equal(OutboundEvent.CreateId(Inbound("1", "hello").Id, 0), reply.OutboundId);
        Assert.Equal("pm-1", reply.ReplyToPlatformMessageId);
        Assert.Contains(Source, _setup.Channel.Typing);
        await cluster.WaitUntilAsync(async () => await cluster.Session(Source).GetSnapshotAsync() == new SessionSnapshot(0, 0, 1), "the inbox to empty");
    }

    public void Dispose() => _setup.Dispose();

    private static InboundEvent Inbound(string messageId, string text) =>
        new(InboundEvent.CreateId(Source, messageId), Source, text, TimeProvider.System.GetUtcNow(), "pm-" + messageId);
}
