using System.Net;
using System.Net.Http.Json;
using MyBot.Api.Contracts.Pairing;
using MyBot.Server.Tests.EndToEnd;
using MyBot.TestKit;
using MyBot.TestKit.Server;
using MyBot.TestKit.Telegram;

namespace MyBot.Server.Tests.Admin;

[Collection(InProcessServerCollection.Name)]
public sealed class PairingAdminEndpointsTests
{
    [Fact]
    public async Task A_code_is_listed_with_who_asked_denied_asked_again_approved_and_the_access_removed()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();

        // The bot's direct answers (pairing codes) are not retried, and this user writes faster than one message a second.
        telegram.EnforceRateLimits = false;
        await using var host = await AdminApiHost.StartAsync(new Dictionary<string, string?>
        {
            ["MyBot:Telegram:BotToken"] = telegram.Token,
            ["MyBot:Telegram:ApiBaseUrl"] = telegram.Url.ToString(),
            ["MyBot:Telegram:PollTimeout"] = "00:00:02",
            ["MyBot:Telegram:AllowedUsers"] = "7,@owner",
        });

        telegram.AddTextMessage(601, 601, "let me in", firstName: "Petra");
        var pending = await PendingAsync(host, "the first code");
        Assert.Equal(("telegram", "601", "Petra"), (pending.Platform, pending.UserId, pending.DisplayName));
        Assert.True(pending.ExpiresAt > pending.CreatedAt);
        var overview = await host.Admin.GetFromJsonAsync<PairingOverview>("/api/admin/pairing");
        var configured = Assert.Single(overview!.Configured, c => c.Platform == "telegram");
        Assert.Equal("pairing", configured.Policy);
        Assert.Equal(["7", "@owner"], configured.AllowedUsers);
        Assert.Contains(overview.Configured, c => c.Platform == "discord");

        using (var denied = await host.Admin.PostAsJsonAsync("/api/admin/pairing/deny", new PairingCodeRequest(pending.Code.ToLowerInvariant())))
        {
            Assert.Equal(HttpStatusCode.OK, denied.StatusCode);
            Assert.Equal(pending.Code, (await denied.Content.ReadFromJsonAsync<PendingPairing>())!.Code);
        }

        Assert.Empty((await host.Admin.GetFromJsonAsync<PairingOverview>("/api/admin/pairing"))!.Pending);
        using (var gone = await host.Admin.PostAsJsonAsync("/api/admin/pairing/approve", new PairingCodeRequest(pending.Code)))
        {
            await ProblemAssert.DetailAsync(gone, HttpStatusCode.NotFound);
        }

        telegram.AddTextMessage(601, 601, "please?", firstName: "Petra");
        var second = await PendingAsync(host, "a new code");
        Assert.NotEqual(pending.Code, second.Code);
        using (var approved = await host.Admin.PostAsJsonAsync("/api/admin/pairing/approve", new PairingCodeRequest(second.Code)))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            Assert.Equal("601", (await approved.Content.ReadFromJsonAsync<ApprovedPairing>())!.UserId);
        }

        telegram.AddTextMessage(601, 601, "thanks", firstName: "Petra");
        await Eventually.WaitUntilAsync(() => telegram.SentTo(601).Any(m => m.VisibleText == "echo: thanks"), E2eEnvironment.Bound, "the answer once approved");
        var user = Assert.Single((await host.Admin.GetFromJsonAsync<PairingOverview>("/api/admin/pairing"))!.Approved);
        Assert.Equal(("telegram", "601", "Petra"), (user.Platform, user.UserId, user.DisplayName));

        var removed = await MybotCli.RunAsync("pairing", "remove", "telegram:601", "--url", host.Url.ToString(), "--token", AdminApiHost.Token);
        Assert.True(removed.ExitCode == 0, removed.Error);
        Assert.Contains("Removed telegram:601", removed.Output, StringComparison.Ordinal);

        Assert.Empty((await host.Admin.GetFromJsonAsync<PairingOverview>("/api/admin/pairing"))!.Approved);
        using (var again = await host.Admin.DeleteAsync("/api/admin/pairing/approved/telegram/601"))
        {
            await ProblemAssert.DetailAsync(again, HttpStatusCode.NotFound);
        }

        var cliAgain = await MybotCli.RunAsync("pairing", "remove", "telegram:601", "--url", host.Url.ToString(), "--token", AdminApiHost.Token);
        Assert.Equal(1, cliAgain.ExitCode);
        Assert.Contains("No telegram user '601'", cliAgain.Error, StringComparison.Ordinal);

        var answeredBefore = telegram.SentTo(601).Count;
        telegram.AddTextMessage(601, 601, "still there?", firstName: "Petra");
        var third = await PendingAsync(host, "a code again after the removal");
        await Eventually.WaitUntilAsync(() => telegram.SentTo(601).Count > answeredBefore, E2eEnvironment.Bound, "the pairing answer");
        Assert.Contains("pairing code", telegram.SentTo(601)[^1].VisibleText, StringComparison.Ordinal);

        var cliDenied = await MybotCli.RunAsync("pairing", "deny", third.Code, "--url", host.Url.ToString(), "--token", AdminApiHost.Token);
        Assert.True(cliDenied.ExitCode == 0, cliDenied.Error);
        Assert.Equal("Denied telegram:601 (Petra).", cliDenied.Output.Trim());
        Assert.Empty((await host.Admin.GetFromJsonAsync<PairingOverview>("/api/admin/pairing"))!.Pending);
    }

    private static Task<PendingPairing> PendingAsync(AdminApiHost host, string what) =>
        Eventually.WaitForAsync(
            async () => (await host.Admin.GetFromJsonAsync<PairingOverview>("/api/admin/pairing"))!.Pending.SingleOrDefault(),
            E2eEnvironment.Bound,
            what);
}
