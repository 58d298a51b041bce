using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MyBot.TestKit;
using MyBot.TestKit.Llm;
using MyBot.TestKit.Server;
using MyBot.TestKit.Telegram;

namespace MyBot.Server.Tests.EndToEnd;

/// <summary>The owner's view of the dead letters through the real server process: the admin API and the CLI.</summary>
public sealed class DeadLetterAdminTests
{
    private const string ApiToken = "e2e-deadletters-token-0123456789";
    private const string Route = "/api/admin/deadletters";
    private const string WebhookSecret = "e2e-webhook-secret-0123456789";

    [Fact]
    public async Task An_inbound_dead_letter_is_listed_without_its_payload_shown_with_it_and_after_a_retry_answered_exactly_once()
    {
        await using var environment = await PoisonEnvironmentAsync();
        var healed = false;
        environment.Llm!.Responder = request => !Volatile.Read(ref healed) && request.LastUserText.Contains("poison", StringComparison.Ordinal)
            ? ScriptedReply.WithMalformedBody("{\"choices\": \"this is not a completion\"")
            : ScriptedReply.Echo(request);
        await using var server = await environment.StartServerAsync();
        using var admin = server.CreateClient(ApiToken);

        var poisonId = await MessagesApi.PostAsync(admin, "ivan", "poison pill", "p1");
        var listed = await WaitForLettersAsync(admin, 1);

        var summary = listed[0];
        var id = summary.GetProperty("id").GetString()!;
        Assert.Equal("inbound", summary.GetProperty("origin").GetString());
        Assert.Equal("http:ivan:ivan", summary.GetProperty("key").GetString());
        Assert.Equal(2, summary.GetProperty("attempts").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(summary.GetProperty("error").GetString()));
        Assert.True(summary.GetProperty("payloadLength").GetInt32() > 0);
        Assert.False(summary.TryGetProperty("payload", out _), "the list shows payloads only by size");
        Assert.True(summary.TryGetProperty("failedAt", out _));

        var shown = await admin.GetFromJsonAsync<JsonElement>(LetterUrl(id));
        Assert.Contains(poisonId, shown.GetProperty("payload").GetString(), StringComparison.Ordinal);
        Assert.Contains("poison pill", shown.GetProperty("payload").GetString(), StringComparison.Ordinal);

        Volatile.Write(ref healed, true);
        using (var retried = await admin.PostAsync(LetterUrl(id) + "/retry", content: null))
        {
            Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
            var body = await retried.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("inbound", body.GetProperty("requeuedTo").GetString());
        }

        var answered = await MessagesApi.WaitForRepliesAsync(admin, "http:ivan:ivan", 2);
        Assert.StartsWith("Sorry, I could not answer this message after 2 tries", answered[0].Text, StringComparison.Ordinal);
        Assert.Equal("echo: poison pill", answered[1].Text);
        await MessagesApi.PostAsync(admin, "ivan", "and after it", "p2");
        var replies = await MessagesApi.WaitForRepliesAsync(admin, "http:ivan:ivan", 3);
        Assert.Equal(["echo: poison pill", "echo: and after it"], replies.Skip(1).Select(r => r.Text));
        Assert.Empty(await admin.GetFromJsonAsync<List<JsonElement>>(Route) ?? []);

        await AssertNotFoundAsync(await admin.PostAsync(LetterUrl(id) + "/retry", content: null), id);
        await AssertNotFoundAsync(await admin.GetAsync(LetterUrl(id)), id);
        await AssertNotFoundAsync(await admin.DeleteAsync(LetterUrl(id)), id);
    }

    [Fact]
    public async Task Without_the_right_token_nothing_is_listed_retried_or_discarded_and_a_discard_with_it_removes_the_letter()
    {
        await using var environment = await PoisonEnvironmentAsync();
        environment.Llm!.Responder = _ => ScriptedReply.WithMalformedBody("not json at all");
        await using var server = await environment.StartServerAsync();
        using var admin = server.CreateClient(ApiToken);
        using var anonymous = server.CreateClient();
        using var wrong = server.CreateClient("not-the-token");

        await MessagesApi.PostAsync(admin, "mallory", "always fails", "x1");
        var id = (await WaitForLettersAsync(admin, 1))[0].GetProperty("id").GetString()!;

        foreach (var client in new[] { anonymous, wrong })
        {
            using var list = await client.GetAsync(Route);
            using var show = await client.GetAsync(LetterUrl(id));
            using var retry = await client.PostAsync(LetterUrl(id) + "/retry", content: null);
            using var discard = await client.DeleteAsync(LetterUrl(id));
            Assert.All([list, show, retry, discard], r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
            Assert.Contains("bearer token", await list.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Single(await admin.GetFromJsonAsync<List<JsonElement>>(Route) ?? []);
        using (var discarded = await admin.DeleteAsync(LetterUrl(id)))
        {
            Assert.Equal(HttpStatusCode.NoContent, discarded.StatusCode);
        }

        Assert.Empty(await admin.GetFromJsonAsync<List<JsonElement>>(Route) ?? []);
        await AssertNotFoundAsync(await admin.GetAsync(LetterUrl(id)), id);
        await AssertNotFoundAsync(await admin.DeleteAsync(LetterUrl(id)), id);
    }

    [Fact]
    public async Task A_refused_telegram_reply_is_sent_once_after_a_retry_and_an_unreadable_webhook_body_answers_409_and_stays()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var environment = await E2eEnvironment.CreateAsync();
        environment.Settings["MyBot__Api__Token"] = ApiToken;
        environment.Settings["MyBot__Telegram__BotToken"] = telegram.Token;
        environment.Settings["MyBot__Telegram__ApiBaseUrl"] = telegram.Url.ToString();
        environment.Settings["MyBot__Telegram__RequestTimeout"] = "00:00:05";
        environment.Settings["MyBot__Telegram__AccessPolicy"] = "Open";
        environment.Settings["MyBot__Telegram__Mode"] = "Webhook";
        environment.Settings["MyBot__Telegram__WebhookUrl"] = "http://127.0.0.1:9";
        environment.Settings["MyBot__Telegram__WebhookSecret"] = WebhookSecret;
        await using var server = await environment.StartServerAsync();
        using var admin = server.CreateClient(ApiToken);
        await Eventually.WaitUntilAsync(() => telegram.WebhookUrl is not null, E2eEnvironment.Bound, "the webhook to be registered");

        const long chat = 700;
        telegram.InjectFault("sendMessage", TelegramFault.Forbidden, chat);
        await PostToWebhookAsync(admin, telegram.TextUpdate(chat, chat, "hello while blocked").ToJsonString());
        await PostToWebhookAsync(admin, "{\"this is\": not an update");
        var letters = await WaitForLettersAsync(admin, 2);

        var delivery = Assert.Single(letters, l => l.GetProperty("origin").GetString() == "delivery");
        var deliveryId = delivery.GetProperty("id").GetString()!;
        Assert.Contains('/', deliveryId);
        Assert.Contains('#', deliveryId);
        Assert.Contains("403", delivery.GetProperty("error").GetString(), StringComparison.Ordinal);
        var webhookId = Assert.Single(letters, l => l.GetProperty("origin").GetString() == "telegram-webhook").GetProperty("id").GetString()!;
        Assert.Empty(telegram.SentTo(chat));

        using (var conflict = await admin.PostAsync(LetterUrl(webhookId) + "/retry", content: null))
        {
            Assert.Contains("cannot be retried", await ProblemAssert.DetailAsync(conflict, HttpStatusCode.Conflict), StringComparison.Ordinal);
        }

        using (var retried = await admin.PostAsync(LetterUrl(deliveryId) + "/retry", content: null))
        {
            Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        }

        await Eventually.WaitUntilAsync(() => telegram.SentTo(chat).Count == 1, E2eEnvironment.Bound, "the retried reply");
        Assert.Equal("echo: hello while blocked", telegram.SentTo(chat)[0].VisibleText);
        await PostToWebhookAsync(admin, telegram.TextUpdate(chat, chat, "and now?").ToJsonString());
        await Eventually.WaitUntilAsync(() => telegram.SentTo(chat).Count >= 2, E2eEnvironment.Bound, "the next reply");
        Assert.Equal(["echo: hello while blocked", "echo: and now?"], telegram.SentTo(chat).Select(m => m.VisibleText));
        Assert.Equal(2, environment.Llm!.RequestCount);
        var left = Assert.Single(await admin.GetFromJsonAsync<List<JsonElement>>(Route) ?? []);
        Assert.Equal(webhookId, left.GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_cli_lists_shows_retries_and_discards_dead_letters_and_fails_with_exit_code_1_on_a_missing_one()
    {
        await using var environment = await PoisonEnvironmentAsync();
        var healed = false;
        environment.Llm!.Responder = request => Volatile.Read(ref healed)
            ? ScriptedReply.Echo(request)
            : ScriptedReply.WithMalformedBody("{\"choices\": 42}");
        await using var server = await environment.StartServerAsync();
        using var admin = server.CreateClient(ApiToken);
        string[] options = ["--url", server.Url.ToString(), "--token", ApiToken];

        await MessagesApi.PostAsync(admin, "olivia", "retry me", "c1");
        await MessagesApi.PostAsync(admin, "peggy", "throw me away", "c2");
        var letters = await WaitForLettersAsync(admin, 2);
        var retryId = Assert.Single(letters, l => l.GetProperty("key").GetString() == "http:olivia:olivia").GetProperty("id").GetString()!;
        var discardId = Assert.Single(letters, l => l.GetProperty("key").GetString() == "http:peggy:peggy").GetProperty("id").GetString()!;

        var list = await MybotCli.RunAsync(["deadletters", "list", .. options]);
        Assert.True(list.ExitCode == 0, $"exit {list.ExitCode}; stderr: {list.Error}");
        Assert.Contains(retryId, list.Output, StringComparison.Ordinal);
        Assert.Contains(discardId, list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("retry me", list.Output, StringComparison.Ordinal);

        var show = await MybotCli.RunAsync(["deadletters", "show", retryId, .. options]);
        Assert.True(show.ExitCode == 0, $"exit {show.ExitCode}; stderr: {show.Error}");
        Assert.Contains("retry me", show.Output, StringComparison.Ordinal);
        Assert.Contains("http:olivia:olivia", show.Output, StringComparison.Ordinal);

        Volatile.Write(ref healed, true);
        var retry = await MybotCli.RunAsync(["deadletters", "retry", retryId, .. options]);
        Assert.True(retry.ExitCode == 0, $"exit {retry.ExitCode}; stderr: {retry.Error}");
        Assert.Contains("inbound", retry.Output, StringComparison.Ordinal);
        Assert.Equal("echo: retry me", (await MessagesApi.WaitForRepliesAsync(admin, "http:olivia:olivia", 2))[1].Text);

        var discard = await MybotCli.RunAsync(["deadletters", "discard", discardId, .. options]);
        Assert.True(discard.ExitCode == 0, $"exit {discard.ExitCode}; stderr: {discard.Error}");
        Assert.Empty(await admin.GetFromJsonAsync<List<JsonElement>>(Route) ?? []);
        Assert.StartsWith("Sorry, I could not answer", Assert.Single(await MessagesApi.GetAsync(admin, "http:peggy:peggy")).Text, StringComparison.Ordinal);

        var missing = await MybotCli.RunAsync(["deadletters", "show", discardId, .. options]);
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("error: ", missing.Error, StringComparison.Ordinal);
        Assert.Contains("No dead letter", missing.Error, StringComparison.Ordinal);

        var empty = await MybotCli.RunAsync(["deadletters", "list", .. options]);
        Assert.Contains("No dead letters.", empty.Output, StringComparison.Ordinal);

        var unauthorized = await MybotCli.RunAsync(["deadletters", "list", "--url", server.Url.ToString()]);
        Assert.Equal(1, unauthorized.ExitCode);
        Assert.Contains("API token", unauthorized.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ids_holding_a_slash_a_percent_sign_and_a_hash_address_exactly_their_own_letter()
    {
        await using var environment = await E2eEnvironment.CreateAsync(withLlm: false);
        environment.Settings["MyBot__Api__Token"] = ApiToken;
        var failedAt = DateTimeOffset.UtcNow;
        var slashed = new DeadLetter("delivery:http:50/off:50/off/m1#out0", "delivery", "http:50/off:50/off", "{}", "refused", 1, failedAt);
        var escaped = new DeadLetter("delivery:http:50%2Foff:50%2Foff/m1#out0", "delivery", "http:50%2Foff:50%2Foff", "{}", "refused", 1, failedAt);
        using (var store = new OfflineStore(environment.DataDir))
        {
            await store.DeadLetters.AddAsync(slashed, CancellationToken.None);
            await store.DeadLetters.AddAsync(escaped, CancellationToken.None);
        }

        await using var server = await environment.StartServerAsync();
        using var admin = server.CreateClient(ApiToken);

        Assert.Equal(slashed.Key, (await admin.GetFromJsonAsync<JsonElement>(LetterUrl(slashed.Id))).GetProperty("key").GetString());
        Assert.Equal(escaped.Key, (await admin.GetFromJsonAsync<JsonElement>(LetterUrl(escaped.Id))).GetProperty("key").GetString());
        using (var discarded = await admin.DeleteAsync(LetterUrl(escaped.Id)))
        {
            Assert.Equal(HttpStatusCode.NoContent, discarded.StatusCode);
        }

        await AssertNotFoundAsync(await admin.GetAsync(LetterUrl(escaped.Id)), escaped.Id);
        var left = Assert.Single(await admin.GetFromJsonAsync<List<JsonElement>>(Route) ?? []);
        Assert.Equal(slashed.Id, left.GetProperty("id").GetString());
    }

    private static async Task<E2eEnvironment> PoisonEnvironmentAsync()
    {
        var environment = await E2eEnvironment.CreateAsync();
        environment.Settings["MyBot__Session__MaxAttempts"] = "2";
        environment.Settings["MyBot__Api__Token"] = ApiToken;
        return environment;
    }

    private static string LetterUrl(string id) => $"{Route}/{Uri.EscapeDataString(id)}";

    private static Task<List<JsonElement>> WaitForLettersAsync(HttpClient admin, int count) =>
        Eventually.WaitForAsync(
            async () => await admin.GetFromJsonAsync<List<JsonElement>>(Route) is { } letters && letters.Count >= count ? letters : null,
            E2eEnvironment.Bound,
            $"{count} dead letter(s)");

    private static async Task AssertNotFoundAsync(HttpResponseMessage response, string id)
    {
        using (response)
        {
            Assert.Contains(id, await ProblemAssert.DetailAsync(response, HttpStatusCode.NotFound), StringComparison.Ordinal);
        }
    }

    private static async Task PostToWebhookAsync(HttpClient client, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/telegram/webhook") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", WebhookSecret);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
