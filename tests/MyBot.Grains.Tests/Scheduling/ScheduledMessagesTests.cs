using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using MyBot.Agent.Usage;
using MyBot.Grains.Scheduling;
using MyBot.Grains.Tests.Support;

namespace MyBot.Grains.Tests.Scheduling;

public sealed class ScheduledMessagesTests : IDisposable
{
    private static readonly EventSource Source = new("test", "u1", "c1");
    private readonly GrainsTestSetup _setup = new() { Time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 5, 9, 0, 0, TimeSpan.Zero)) };

    private FakeTimeProvider Time => _setup.Time!;

    [Fact]
    public async Task A_message_scheduled_by_the_agent_arrives_once_after_a_restart()
    {
        _setup.Llm
            .CallTool("schedule_message", new Dictionary<string, object?> { ["text"] = "Stretch your legs.", ["delay_seconds"] = 60 })
            .Reply("I'll remind you in a minute.");
        await using (var cluster = await GrainsTestCluster.StartAsync(_setup))
        {
            await cluster.PublishAsync(Inbound("1", "remind me in a minute to stretch"));
            await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the reply");
            Assert.Contains("Scheduled r1", _setup.Llm.Requests[1].Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single().Result as string, StringComparison.Ordinal);
            var pending = await Scheduled(cluster).ListAsync();
            Assert.Equal("Stretch your legs.", Assert.Single(pending).Text);
            await cluster.Cluster.DeactivateAsync(Scheduled(cluster));
            Time.Advance(TimeSpan.FromSeconds(61));

            await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 2, "the scheduled message", step: TimeSpan.FromMilliseconds(100));
            Assert.Equal("⏰ Stretch your legs.", _setup.Channel.Delivered.Last().Text);
            await cluster.WaitUntilAsync(async () => (await Scheduled(cluster).ListAsync()).Count == 0, "the message to leave the schedule");
            Time.Advance(TimeSpan.FromMinutes(10));
            await cluster.WaitUntilAsync(async () => await cluster.Grains.GetGrain<IDeliveryGrain>(Source.ToString()).PendingCountAsync() == 0, "the outbox to empty");
            Assert.Equal(2, _setup.Channel.Delivered.Count);
            var usage = await cluster.Grains.GetGrain<IUsageGrain>("test:u1").GetReportAsync();
            Assert.True(usage.TodayByModel.ContainsKey(UsageLedger.ScheduledModel));
        }
    }

    [Fact]
    public async Task Reminders_can_be_listed_and_cancelled()
    {
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var grain = Scheduled(cluster);
        var message = await grain.ScheduleAsync("Water the plants.", Time.GetUtcNow().AddMinutes(5));

        await cluster.PublishAsync(Inbound("1", "/reminders"));
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the list");
        await cluster.PublishAsync(Inbound("2", $"/reminders cancel {message.Id}"));
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 2, "the cancellation");
        Time.Advance(TimeSpan.FromMinutes(10));
        await cluster.WaitUntilAsync(async () => (await grain.ListAsync()).Count == 0, "a call through the grain", step: TimeSpan.FromSeconds(1));

        Assert.Contains("Water the plants.", _setup.Channel.Delivered.First().Text, StringComparison.Ordinal);
        Assert.StartsWith("Cancelled r1", _setup.Channel.Delivered.Last().Text, StringComparison.Ordinal);
        Assert.Equal(2, _setup.Channel.Delivered.Count);
    }

    [Fact]
    public async Task A_message_due_beyond_what_a_reminder_waits_is_re_armed_and_arrives_on_its_day()
    {
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var grain = Scheduled(cluster);
        var dueAt = Time.GetUtcNow().AddDays(100);
        await grain.ScheduleAsync("Renew the passport.", dueAt);

        for (var day = 0; day < 99; day++)
        {
            Time.Advance(TimeSpan.FromDays(1));
            await grain.ListAsync();
        }

        Assert.Empty(_setup.Channel.Delivered);
        Assert.Single(await grain.ListAsync());
        Time.Advance(TimeSpan.FromDays(1));

        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the message on its day", step: TimeSpan.FromSeconds(1));
        Assert.Equal("⏰ Renew the passport.", _setup.Channel.Delivered.Single().Text);
        Assert.True(ScheduledMessagesGrain.MaxReminderDelay < TimeSpan.FromDays(100));
    }

    public void Dispose() => _setup.Dispose();

    private static IScheduledMessagesGrain Scheduled(GrainsTestCluster cluster) => cluster.Grains.GetGrain<IScheduledMessagesGrain>(Source.ToString());

    private InboundEvent Inbound(string messageId, string text) => new(InboundEvent.CreateId(Source, messageId), Source, text, Time.GetUtcNow(), "pm-" + messageId);
}
