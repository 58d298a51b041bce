using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using MyBot.Grains.Tests.Support;
using MyBot.TestKit.Llm;

namespace MyBot.Grains.Tests.Crons;

public sealed class CronJobGrainTests : IDisposable
{
    private static readonly EventSource Owner = new("test", "u1", "c1");
    private readonly GrainsTestSetup _setup = new() { Time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 27, 6, 0, 0, TimeSpan.Zero)) };
    private int _runs;

    public CronJobGrainTests()
    {
        _setup.Settings["MyBot:TimeZone"] = "Europe/Berlin";
        _setup.Llm.Otherwise = _ => ScriptedAnswer($"Report {Interlocked.Increment(ref _runs)}");
    }

    private FakeTimeProvider Time => _setup.Time!;

    [Fact]
    public async Task A_job_runs_at_its_slots_in_the_configured_time_zone_across_the_change_to_summer_time()
    {
        WriteJob("morning", "0 9 * * *");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        // 09:00 in Berlin is 08:00 UTC until 29 March 2026, then 07:00 UTC.
        DateTimeOffset[] slots = [Utc(3, 27, 8), Utc(3, 28, 8), Utc(3, 29, 7), Utc(3, 30, 7)];
        for (var i = 0; i < slots.Length; i++)
        {
            Time.SetUtcNow(slots[i] - TimeSpan.FromSeconds(1));
            await Job(cluster).GetStatusAsync();
            Assert.Equal(i, _setup.Channel.Delivered.Count);
            Time.SetUtcNow(slots[i]);
            await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == i + 1, $"the run of {slots[i]:u}", step: TimeSpan.FromMilliseconds(100));
            var status = await Job(cluster).GetStatusAsync();
            Assert.Equal(slots[i], status!.LastSlot);
            Assert.Equal(i + 1 < slots.Length ? slots[i + 1] : Utc(3, 31, 7), status.NextRunAt);
        }

        Assert.Equal(["Report 1", "Report 2", "Report 3", "Report 4"], _setup.Channel.Delivered.Select(c => c.Text));
        Assert.All(_setup.Channel.Delivered, c => Assert.Equal(Owner, c.Source));
        Assert.Equal("What happened overnight?", _setup.Llm.Requests[0].Messages[^1].Text);
    }

    [Fact]
    public async Task A_job_that_missed_three_slots_while_the_service_was_down_runs_once_at_start()
    {
        WriteJob("hourly", "0 * * * *");
        await using (var first = await GrainsTestCluster.StartAsync(_setup))
        {
            Assert.Equal(Utc(3, 27, 7), (await Job(first).GetStatusAsync())!.NextRunAt);
        }

        Time.SetUtcNow(Utc(3, 27, 9, 30));
        await using var second = await GrainsTestCluster.StartAsync(_setup);
        await second.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the one catch-up run");
        var status = await Job(second).GetStatusAsync();
        Assert.Equal(Utc(3, 27, 9), status!.LastSlot);
        Assert.Equal(1, status.Runs);

        Time.SetUtcNow(Utc(3, 27, 9, 59));
        await Job(second).GetStatusAsync();
        Assert.Single(_setup.Channel.Delivered);
        Time.SetUtcNow(Utc(3, 27, 10));
        await second.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 2, "the next slot's run", step: TimeSpan.FromMilliseconds(100));
        Assert.Equal(2, _setup.Llm.Requests.Count);
    }

    [Fact]
    public async Task A_job_runs_once_per_slot_with_two_silos()
    {
        WriteJob("hourly", "0 * * * *");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup, silos: 2);
        await cluster.WaitUntilAsync(async () => (await Job(cluster).GetStatusAsync()) is not null, "the job to be configured");

        Time.SetUtcNow(Utc(3, 27, 7));
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the run", step: TimeSpan.FromMilliseconds(100));
        for (var i = 0; i < 50; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(30));
            await Job(cluster).GetStatusAsync();
        }

        Assert.Single(_setup.Channel.Delivered);
        Assert.Single(_setup.Llm.Requests);
        Assert.Equal(1, (await Job(cluster).GetStatusAsync())!.Runs);
    }

    [Fact]
    public async Task A_heartbeat_answer_of_NO_REPLY_is_not_delivered_and_the_run_counts_as_done()
    {
        _setup.Llm.Otherwise = null;
        _setup.Llm.Reply(CronRuns.NoReply).Reply("The disk is 95% full.");
        WriteJob("heartbeat", "*/30 * * * *");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        Time.SetUtcNow(Utc(3, 27, 6, 30));
        await cluster.WaitUntilAsync(async () => (await Job(cluster).GetStatusAsync())!.LastRunEndedAt is not null, "the quiet run to end", step: TimeSpan.FromMilliseconds(100));
        Assert.Empty(_setup.Channel.Delivered);
        Assert.Null((await Job(cluster).GetStatusAsync())!.LastError);

        Time.SetUtcNow(Utc(3, 27, 7));
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the run with news", step: TimeSpan.FromMilliseconds(100));
        Assert.Equal("The disk is 95% full.", _setup.Channel.Delivered.Single().Text);
    }

    [Fact]
    public async Task A_job_whose_agent_is_missing_sends_nothing_and_crons_shows_its_error_and_next_run()
    {
        WriteJob("broken", "0 * * * *", agent: "nobody");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        Time.SetUtcNow(Utc(3, 27, 7));
        await cluster.WaitUntilAsync(async () => (await Job(cluster, "broken").GetStatusAsync())!.LastError is not null, "the error", step: TimeSpan.FromMilliseconds(100));
        Assert.Contains("'nobody' is not loaded", (await Job(cluster, "broken").GetStatusAsync())!.LastError, StringComparison.Ordinal);
        Assert.Empty(_setup.Channel.Delivered);
        Assert.Empty(_setup.Llm.Requests);

        await cluster.PublishAsync(new InboundEvent(InboundEvent.CreateId(Owner, "1"), Owner, "/crons", Time.GetUtcNow()));
        await cluster.PublishAsync(new InboundEvent(InboundEvent.CreateId(Owner, "2"), Owner, "/help", Time.GetUtcNow()));
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 2, "the list and the help");
        var list = _setup.Channel.Delivered.First().Text;
        Assert.Contains("- broken (`0 * * * *` Europe/Berlin, agent nobody, to test:u1:c1): last run 2026-03-27 07:00 UTC, next run 2026-03-27 08:00 UTC, last error: The agent 'nobody' is not loaded", list, StringComparison.Ordinal);
        Assert.Contains("`/crons`", _setup.Channel.Delivered.Last().Text, StringComparison.Ordinal);
    }

    public void Dispose() => _setup.Dispose();

    private static ICronJobGrain Job(GrainsTestCluster cluster, string name = "") =>
        cluster.Grains.GetGrain<ICronJobGrain>(name.Length > 0 ? name : JobName(cluster));

    private static string JobName(GrainsTestCluster cluster) => Directory.GetDirectories(Path.Combine(cluster.Setup.Settings["MyBot:DataDir"]!, "workspace", "crons")).Select(Path.GetFileName).Single()!;

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static ChatResponse ScriptedAnswer(string text) => ScriptedChatClient.Response(new ChatMessage(ChatRole.Assistant, text), 10, 5);

    private void WriteJob(string name, string schedule, string agent = "default")
    {
        var folder = Path.Combine(_setup.Settings["MyBot:DataDir"]!, "workspace", "crons", name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "CRON.md"), $"""
            ---
            schedule: "{schedule}"
            agent: {agent}
            deliver_to: {Owner}
            ---
            What happened overnight?
            """);
    }
}
