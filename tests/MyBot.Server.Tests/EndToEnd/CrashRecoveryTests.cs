using MyBot.TestKit;

namespace MyBot.Server.Tests.EndToEnd;

public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task Killed_during_a_turn_the_restarted_server_answers_exactly_once_and_loses_nothing()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        var llm = environment.Llm!;
        int port;
        using (var hold = llm.HoldReplies())
        {
            await using var first = await environment.StartServerAsync();
            port = first.Port;
            using var client = first.CreateClient();
            await MessagesApi.PostAsync(client, "frank", "in flight", "k1");
            await MessagesApi.PostAsync(client, "grace", "queued behind", "k2");
            await hold.WaitForHeldRequestsAsync(1, E2eEnvironment.Bound);

            first.Kill();
        }

        await using var second = await environment.StartServerAsync(port);
        using var restarted = second.CreateClient();
        await MessagesApi.PostAsync(restarted, "frank", "after the crash", "k3");

        var frank = await MessagesApi.WaitForRepliesAsync(restarted, "http:frank:frank", 2);
        var grace = await MessagesApi.WaitForRepliesAsync(restarted, "http:grace:grace", 1);

        Assert.Equal(["echo: in flight", "echo: after the crash"], frank.Select(r => r.Text));
        Assert.Equal(["echo: queued behind"], grace.Select(r => r.Text));
        Assert.Equal(2, (await MessagesApi.GetAsync(restarted, "http:frank:frank")).Count);
    }

    [Fact]
    public async Task Killed_while_a_delivery_is_pending_the_restarted_server_delivers_it_exactly_once()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        string blockedPath;
        using (var store = new OfflineStore(environment.DataDir))
        {
            blockedPath = store.StatePath("http-reply-log", "httpreplylog", "http:mia:mia");
        }

        // A directory where the reply log's file belongs makes every store attempt fail, so the reply stays pending.
        Directory.CreateDirectory(blockedPath);
        int port;
        await using (var first = await environment.StartServerAsync())
        {
            port = first.Port;
            using var client = first.CreateClient();
            await MessagesApi.PostAsync(client, "mia", "deliver me", "d1");
            await Eventually.WaitUntilAsync(
                () => first.Logs.Contains("Delivering http:mia:mia/d1#out0 failed", StringComparison.Ordinal),
                E2eEnvironment.Bound,
                "a failed delivery attempt");
            first.Kill();
        }

        Directory.Delete(blockedPath);
        await using var second = await environment.StartServerAsync(port);
        using var restarted = second.CreateClient();
        await MessagesApi.PostAsync(restarted, "mia", "and then this", "d2");

        var replies = await MessagesApi.WaitForRepliesAsync(restarted, "http:mia:mia", 2);

        Assert.Equal(["echo: deliver me", "echo: and then this"], replies.Select(r => r.Text));
        Assert.Equal(1, environment.Llm!.Requests.Count(r => r.LastUserText == "deliver me"));
    }

    [Fact]
    public async Task A_graceful_stop_exits_zero_and_a_restart_keeps_the_replies()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        await using var first = await environment.StartServerAsync();
        using (var client = first.CreateClient())
        {
            await MessagesApi.PostAsync(client, "heidi", "remember me", "g1");
            await MessagesApi.WaitForRepliesAsync(client, "http:heidi:heidi", 1);
        }

        Assert.Equal(0, await first.StopAsync());

        await using var second = await environment.StartServerAsync();
        using var again = second.CreateClient();
        Assert.Equal("echo: remember me", Assert.Single(await MessagesApi.GetAsync(again, "http:heidi:heidi")).Text);
    }
}
