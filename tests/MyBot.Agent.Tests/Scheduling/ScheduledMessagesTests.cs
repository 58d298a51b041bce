using Microsoft.Extensions.AI;
using MyBot.Agent.History;
using MyBot.Agent.Scheduling;
using MyBot.Agent.Sessions;
using MyBot.Channels;
using MyBot.TestKit;
using MyBot.TestKit.Channels;
using MyBot.TestKit.Grains;
using MyBot.TestKit.Time;

namespace MyBot.Agent.Tests.Scheduling;

public sealed class ScheduledMessagesTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly EventSource Source = new("test", "u1", "c1");
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingChannel _channel = new(chunkSize: 100_000);
    private readonly MemoryTranscriptStore _transcripts = new();

    [Fact]
    public async Task A_scheduled_message_arrives_once_after_a_restart()
    {
        var stores = new SharedStores(_time);
        var llm = new ScriptedChatClient()
            .CallTool("schedule_message", new Dictionary<string, object?> { ["text"] = "Stretch your legs.", ["delay_seconds"] = 60 })
            .Reply("I'll remind you in a minute.");
        await using (var silo = await AgentSilo.StartAsync(llm, _channel, _transcripts, _directory.Path, stores, _time))
        {
            await silo.GrainFactory.GetGrain<ISessionGrain>(Source.ToString()).HandleAsync(Inbound("remind me in a minute to stretch"), 1);
            await WaitForSentAsync(1, "the reply");
            Assert.Contains("Scheduled r1", llm.Requests[1].Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single().Result as string, StringComparison.Ordinal);
            var pending = await silo.GrainFactory.GetGrain<IScheduledMessagesGrain>(Source.ToString()).ListAsync();
            Assert.Equal("Stretch your legs.", Assert.Single(pending).Text);
        }

        await using var restarted = await AgentSilo.StartAsync(new ScriptedChatClient(), _channel, _transcripts, _directory.Path, stores, _time);
        _time.Advance(TimeSpan.FromSeconds(61));

        await WaitForSentAsync(2, "the scheduled message");
        Assert.Equal("⏰ Stretch your legs.", _channel.Delivered.Last().Text);
        await Eventually.WaitUntilAsync(async () => (await restarted.GrainFactory.GetGrain<IScheduledMessagesGrain>(Source.ToString()).ListAsync()).Count == 0, Bound, "the message to leave the schedule");
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(2, _channel.Delivered.Count);
    }

    [Fact]
    public async Task Reminders_can_be_listed_and_cancelled()
    {
        await using var silo = await AgentSilo.StartAsync(new ScriptedChatClient(), _channel, _transcripts, _directory.Path, time: _time);
        var grain = silo.GrainFactory.GetGrain<IScheduledMessagesGrain>(Source.ToString());
        var message = await grain.ScheduleAsync("Water the plants.", _time.GetUtcNow().AddMinutes(5));
        var session = silo.GrainFactory.GetGrain<ISessionGrain>(Source.ToString());

        await session.HandleAsync(Inbound("/reminders"), 1);
        await session.HandleAsync(Inbound($"/reminders cancel {message.Id}"), 1);
        _time.Advance(TimeSpan.FromMinutes(10));

        await WaitForSentAsync(2, "two replies");
        Assert.Contains("Water the plants.", _channel.Delivered.First().Text, StringComparison.Ordinal);
        Assert.StartsWith("Cancelled r1", _channel.Delivered.Last().Text, StringComparison.Ordinal);
        Assert.Empty(await grain.ListAsync());
        Assert.Equal(2, _channel.Delivered.Count);
    }

    public void Dispose() => _directory.Dispose();

    // Delivery runs on a reminder due "now", which fake time fires only when it moves.
    private Task WaitForSentAsync(int count, string what) =>
        Eventually.WaitUntilAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(1));
                return _channel.Delivered.Count >= count;
            },
            Bound,
            what);

    private InboundEvent Inbound(string text) => new(InboundEvent.CreateId(Source, Guid.NewGuid().ToString("N")), Source, text, _time.GetUtcNow());
}
