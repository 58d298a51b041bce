using System.Globalization;
using System.Net.Http.Json;
using MyBot.TestKit;
using MyBot.TestKit.Telegram;

namespace MyBot.Server.Tests.EndToEnd;

/// <summary>A cron job in the real server process, answering through the fake Telegram Bot API to the owner's chat.</summary>
public sealed class CronEndToEndTests
{
    private const string ApiToken = "e2e-admin-token-0123456789";
    private const long OwnerChat = 4242;

    /// <summary>The job's one slot is the next whole minute at least this far ahead, so the server is up by then.</summary>
    private static readonly TimeSpan StartMargin = TimeSpan.FromSeconds(20);

    /// <summary>Up to a minute until the slot, then the turn and the send.</summary>
    private static readonly TimeSpan SlotBound = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task A_cron_jobs_answer_reaches_the_owners_telegram_chat_and_its_run_is_shown_by_the_admin_api()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var environment = await CreateAsync(telegram);
        var slot = WriteJob(environment, "morning", "Morning report, please.");
        await using var server = await environment.StartServerAsync();

        await Eventually.WaitUntilAsync(() => telegram.SentTo(OwnerChat).Count == 1, SlotBound, "the job's answer");
        Assert.Equal("echo: Morning report, please.", telegram.SentTo(OwnerChat)[0].VisibleText);

        using var admin = server.CreateClient(ApiToken);
        var overview = await Eventually.WaitForAsync(
            async () =>
            {
                var crons = await admin.GetFromJsonAsync<CronsDto>("/api/admin/crons");
                return crons!.Jobs.SingleOrDefault()?.LastRunEndedAt is not null ? crons : null;
            },
            E2eEnvironment.Bound,
            "the run to show as ended");
        var job = Assert.Single(overview.Jobs);
        Assert.Equal("morning", job.Name);
        Assert.Equal(slot, job.LastSlot);
        Assert.Null(job.LastError);
        Assert.Equal(slot.AddDays(1), job.NextRunAt);
        Assert.Empty(overview.Errors);
        Assert.Empty(telegram.Violations);
    }

    [Fact]
    public async Task Killed_during_a_cron_run_the_restarted_server_delivers_its_answer_once()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var environment = await CreateAsync(telegram);
        WriteJob(environment, "digest", "Digest, please.");
        int port;
        using (var hold = environment.Llm!.HoldReplies())
        {
            await using var first = await environment.StartServerAsync();
            port = first.Port;
            await hold.WaitForHeldRequestsAsync(1, SlotBound);
            first.Kill();
        }

        await using var second = await environment.StartServerAsync(port);

        await Eventually.WaitUntilAsync(() => telegram.SentTo(OwnerChat).Count == 1, E2eEnvironment.Bound, "the run's answer after the restart");
        using var admin = second.CreateClient(ApiToken);
        await Eventually.WaitUntilAsync(
            async () => (await admin.GetFromJsonAsync<CronsDto>("/api/admin/crons"))!.Jobs.Single().LastRunEndedAt is not null,
            E2eEnvironment.Bound,
            "the run to end");
        Assert.Equal(["echo: Digest, please."], telegram.SentTo(OwnerChat).Select(m => m.VisibleText));
        Assert.Equal(2, environment.Llm.Requests.Count(r => r.LastUserText == "Digest, please."));
        Assert.Equal(1, (await admin.GetFromJsonAsync<CronsDto>("/api/admin/crons"))!.Jobs.Single().Runs);
    }

    private static async Task<E2eEnvironment> CreateAsync(FakeTelegramServer telegram)
    {
        var environment = await E2eEnvironment.CreateAsync();
        environment.Settings["MyBot__Telegram__BotToken"] = telegram.Token;
        environment.Settings["MyBot__Telegram__ApiBaseUrl"] = telegram.Url.ToString();
        environment.Settings["MyBot__Telegram__PollTimeout"] = "00:00:02";
        environment.Settings["MyBot__Telegram__RequestTimeout"] = "00:00:05";
        environment.Settings["MyBot__Telegram__AccessPolicy"] = "Open";
        environment.Settings["MyBot__Api__Token"] = ApiToken;
        environment.Settings["MyBot__Identities__owner__0"] = $"telegram:{OwnerChat.ToString(CultureInfo.InvariantCulture)}";
        return environment;
    }

    /// <summary>A job whose one slot today is the next whole minute after the start margin (UTC); returns that slot.</summary>
    private static DateTimeOffset WriteJob(E2eEnvironment environment, string name, string prompt)
    {
        var earliest = DateTimeOffset.UtcNow + StartMargin;
        var slot = new DateTimeOffset(earliest.Year, earliest.Month, earliest.Day, earliest.Hour, earliest.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var folder = Path.Combine(environment.DataDir, "workspace", "crons", name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "CRON.md"), string.Create(CultureInfo.InvariantCulture, $"""
            ---
            schedule: "{slot.Minute} {slot.Hour} * * *"
            agent: default
            deliver_to: owner
            ---
            {prompt}
            """));
        return slot;
    }

    private sealed record CronsDto(List<CronJobDto> Jobs, List<CronErrorDto> Errors);

    private sealed record CronJobDto(string Name, DateTimeOffset? LastSlot, DateTimeOffset? LastRunEndedAt, DateTimeOffset? NextRunAt, string? LastError, int Runs);

    private sealed record CronErrorDto(string Name, string Message);
}
