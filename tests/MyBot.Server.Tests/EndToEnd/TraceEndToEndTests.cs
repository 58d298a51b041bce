using System.Net;
using System.Net.Http.Json;
using MyBot.TestKit;
using MyBot.TestKit.Llm;
using MyBot.TestKit.Server;
using MyBot.TestKit.Telegram;

namespace MyBot.Server.Tests.EndToEnd;

/// <summary>One trace per message through the real server process: the LLM and the platform see the caller's trace id.</summary>
public sealed class TraceEndToEndTests
{
    private const string WebhookSecret = "e2e-webhook-secret_0123";

    [Fact]
    public async Task The_llm_request_carries_the_trace_id_of_the_api_request_and_no_information_log_carries_the_message()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        await using var server = await environment.StartServerAsync();
        using var client = server.CreateClient();
        var traceId = NewTraceId();
        var marker = $"marker-{Guid.NewGuid():N}";

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(new { user = "tracy", text = $"find {marker}", id = "t1" }) };
        request.Headers.Add("traceparent", $"00-{traceId}-{NewSpanId()}-01");
        using var accepted = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await MessagesApi.WaitForRepliesAsync(client, "http:tracy:tracy", 1);

        var llmCall = Assert.Single(environment.Llm!.Requests);
        Assert.Equal(traceId, TraceIdOf(llmCall.TraceParent));
        var leaked = server.Logs.Split('\n').Where(line => line.Contains(marker, StringComparison.Ordinal) && !line.Contains(" dbug: ", StringComparison.Ordinal) && !line.Contains(" trce: ", StringComparison.Ordinal));
        Assert.Empty(leaked);
    }

    [Fact]
    public async Task The_llm_request_and_the_telegram_send_carry_the_trace_id_of_the_webhook_call()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var environment = await E2eEnvironment.CreateAsync();
        var port = ServerProcess.FreePort();
        var publicUrl = $"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        environment.Settings["MyBot__Telegram__BotToken"] = telegram.Token;
        environment.Settings["MyBot__Telegram__ApiBaseUrl"] = telegram.Url.ToString();
        environment.Settings["MyBot__Telegram__RequestTimeout"] = "00:00:05";
        environment.Settings["MyBot__Telegram__AccessPolicy"] = "Open";
        environment.Settings["MyBot__Telegram__Mode"] = "Webhook";
        environment.Settings["MyBot__Telegram__WebhookUrl"] = publicUrl + "/";
        environment.Settings["MyBot__Telegram__WebhookSecret"] = WebhookSecret;
        environment.Settings["MyBot__Api__Token"] = "e2e-admin-token-0123456789";
        await using var server = await environment.StartServerAsync(port);
        await Eventually.WaitUntilAsync(() => telegram.WebhookUrl is not null, E2eEnvironment.Bound, "the webhook to be registered");
        var traceId = NewTraceId();
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{NewSpanId()}-01");

        using var delivered = await telegram.PostToWebhookAsync(http, telegram.TextUpdate(800, 800, "trace me").ToJsonString(), WebhookSecret);
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        await Eventually.WaitUntilAsync(() => telegram.SentTo(800).Count == 1, E2eEnvironment.Bound, "the reply");

        Assert.Equal(traceId, TraceIdOf(Assert.Single(environment.Llm!.Requests).TraceParent));
        var send = Assert.Single(telegram.Requests, r => r is { Method: "sendMessage", ChatId: 800 });
        Assert.Equal(traceId, TraceIdOf(send.TraceParent));
    }

    [Fact]
    public async Task Killed_during_a_turn_the_restarted_server_runs_it_again_in_the_same_trace()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        var llm = environment.Llm!;
        var traceId = NewTraceId();
        int port;
        using (var hold = llm.HoldReplies())
        {
            await using var first = await environment.StartServerAsync();
            port = first.Port;
            using var client = first.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(new { user = "kim", text = "survive this", id = "c1" }) };
            request.Headers.Add("traceparent", $"00-{traceId}-{NewSpanId()}-01");
            using var accepted = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            await hold.WaitForHeldRequestsAsync(1, E2eEnvironment.Bound);
            first.Kill();
        }

        await using var second = await environment.StartServerAsync(port);
        using var restarted = second.CreateClient();
        await MessagesApi.WaitForRepliesAsync(restarted, "http:kim:kim", 1);

        Assert.Equal(2, llm.Requests.Count);
        Assert.All(llm.Requests, r => Assert.Equal(traceId, TraceIdOf(r.TraceParent)));
    }

    [Fact]
    public async Task A_log_line_written_during_the_turn_names_the_trace_and_span_of_the_message()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        environment.Llm!.Enqueue(ScriptedReply.WithError(503, "overloaded"));
        await using var server = await environment.StartServerAsync();
        using var client = server.CreateClient();
        var traceId = NewTraceId();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(new { user = "lena", text = "hello", id = "l1" }) };
        request.Headers.Add("traceparent", $"00-{traceId}-{NewSpanId()}-01");
        using var accepted = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await MessagesApi.WaitForRepliesAsync(client, "http:lena:lena", 1);

        var retry = Assert.Single(server.Logs.Split('\n'), line => line.Contains("Attempt 1 of a turn for http:lena:lena failed", StringComparison.Ordinal));
        Assert.Contains($"TraceId:{traceId}", retry, StringComparison.Ordinal);
        Assert.Matches("SpanId:[0-9a-f]{16}", retry);
    }

    private static string NewTraceId() => Guid.NewGuid().ToString("N");

    private static string NewSpanId() => Guid.NewGuid().ToString("N")[..16];

    /// <summary>The trace id of a W3C <c>traceparent</c> (<c>version-traceid-spanid-flags</c>).</summary>
    private static string? TraceIdOf(string? traceParent) => traceParent?.Split('-') is [_, var traceId, _, _] ? traceId : null;
}
