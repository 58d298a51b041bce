using System.Net;
using System.Net.Http.Json;
using MyBot.TestKit;
using MyBot.TestKit.Llm;
using MyBot.TestKit.Telegram;

namespace MyBot.Server.Tests.EndToEnd;

/// <summary>The owner as one person on Telegram and the HTTP API, in the real server process.</summary>
public sealed class IdentityEndToEndTests
{
    private const string ApiToken = "e2e-admin-token-0123456789";

    [Fact]
    public async Task A_fact_remembered_on_telegram_is_known_on_the_http_api_and_to_an_account_linked_at_pairing_with_each_reply_where_its_message_came_from()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var environment = await E2eEnvironment.CreateAsync();
        environment.Settings["MyBot__Telegram__BotToken"] = telegram.Token;
        environment.Settings["MyBot__Telegram__ApiBaseUrl"] = telegram.Url.ToString();
        environment.Settings["MyBot__Telegram__PollTimeout"] = "00:00:02";
        environment.Settings["MyBot__Telegram__AccessPolicy"] = "Pairing";
        environment.Settings["MyBot__Telegram__AllowedUsers__0"] = "42";
        environment.Settings["MyBot__Api__Token"] = ApiToken;
        environment.Settings["MyBot__Identities__owner__0"] = "telegram:42";
        environment.Settings["MyBot__Identities__owner__1"] = "http:me";
        var llm = environment.Llm!;
        llm.Enqueue(ScriptedReply.WithToolCalls(new ScriptedToolCall("call-1", "remember", """{"fact":"The owner's bike is blue."}""")), ScriptedReply.WithText("Noted."));
        await using var server = await environment.StartServerAsync();
        using var api = server.CreateClient(ApiToken);

        telegram.AddTextMessage(42, 42, "Remember that my bike is blue.");
        await Eventually.WaitUntilAsync(() => telegram.SentTo(42).Count == 1, E2eEnvironment.Bound, "the answer on Telegram");
        await MessagesApi.PostAsync(api, "me", "What colour is my bike?", "q1");
        var replies = await MessagesApi.WaitForRepliesAsync(api, "http:me:me", 1);

        Assert.Equal("Noted.", telegram.SentTo(42)[0].VisibleText);
        Assert.Equal("echo: What colour is my bike?", Assert.Single(replies).Text);
        Assert.Contains("The owner's bike is blue.", llm.Requests.Single(r => r.LastUserText == "What colour is my bike?").SystemPrompt, StringComparison.Ordinal);
        Assert.Single(telegram.SentTo(42));

        telegram.AddTextMessage(300, 300, "hi, it is me on my other phone");
        await Eventually.WaitUntilAsync(() => telegram.SentTo(300).Count == 1, E2eEnvironment.Bound, "the pairing answer");
        var code = (await api.GetFromJsonAsync<PairingOverviewDto>("/api/admin/pairing"))!.Pending.Single().Code;
        using (var unknown = await api.PostAsJsonAsync("/api/admin/pairing/approve", new { code, identity = "nobody" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        }

        using (var linked = await api.PostAsJsonAsync("/api/admin/pairing/approve", new { code, identity = "owner" }))
        {
            Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        }

        telegram.AddTextMessage(300, 300, "And my bike?");
        await Eventually.WaitUntilAsync(() => telegram.SentTo(300).Count == 2, E2eEnvironment.Bound, "the answer to the linked account");
        Assert.Equal("echo: And my bike?", telegram.SentTo(300)[1].VisibleText);
        Assert.Contains("The owner's bike is blue.", llm.Requests.Single(r => r.LastUserText == "And my bike?").SystemPrompt, StringComparison.Ordinal);
    }

    private sealed record PairingOverviewDto(List<PendingDto> Pending);

    private sealed record PendingDto(string Code);
}
