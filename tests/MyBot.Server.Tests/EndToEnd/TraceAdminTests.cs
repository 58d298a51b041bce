using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MyBot.TestKit;
using MyBot.TestKit.Llm;

namespace MyBot.Server.Tests.EndToEnd;

/// <summary><c>GET /api/admin/trace/{eventId}</c> and <c>mybot trace</c> through the real server process.</summary>
public sealed class TraceAdminTests
{
    private const string ApiToken = "e2e-trace-token-0123456789";

    [Fact]
    public async Task A_message_retried_once_shows_its_acceptance_both_turns_its_llm_call_and_its_delivery()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        environment.Settings["MyBot__Api__Token"] = ApiToken;
        environment.Llm!.Enqueue(ScriptedReply.WithError(503, "overloaded"));
        await using var server = await environment.StartServerAsync();
        using var admin = server.CreateClient(ApiToken);
        var traceId = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(new { user = "tina", text = "where did I go?", id = "t#1" }) };
        request.Headers.Add("traceparent", $"00-{traceId}-{Guid.NewGuid().ToString("N")[..16]}-01");
        using var accepted = await admin.SendAsync(request);
        var eventId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventId").GetString()!;
        await MessagesApi.WaitForRepliesAsync(admin, "http:tina:tina", 1);

        var report = await Eventually.WaitForAsync(
            async () => await admin.GetFromJsonAsync<JsonElement>(TraceUrl(eventId)) is var body
                && body.GetProperty("session").GetProperty("answeredAt").ValueKind != JsonValueKind.Null
                && body.GetProperty("deliveries")[0].GetProperty("deliveredAt").ValueKind != JsonValueKind.Null ? (JsonElement?)body : null,
            E2eEnvironment.Bound,
            "the trace of the answered and delivered message");

        var body = report!.Value;
        Assert.Equal(eventId, body.GetProperty("eventId").GetString());
        Assert.Equal("http:tina:tina", body.GetProperty("source").GetString());
        var session = body.GetProperty("session");
        Assert.Equal(traceId, session.GetProperty("traceId").GetString());
        var turns = session.GetProperty("turns").EnumerateArray().ToList();
        Assert.Equal(["retry", "answered"], turns.Select(t => t.GetProperty("outcome").GetString()));
        Assert.Contains("503", turns[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(turns[0].GetProperty("llmCalls").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(turns[1].GetProperty("silo").GetString()));
        var call = Assert.Single(turns[1].GetProperty("llmCalls").EnumerateArray());
        Assert.Equal("scripted-model", call.GetProperty("model").GetString());
        Assert.Equal(10, call.GetProperty("inputTokens").GetInt64());
        Assert.Equal(5, call.GetProperty("outputTokens").GetInt64());
        var delivery = Assert.Single(body.GetProperty("deliveries").EnumerateArray());
        Assert.Equal($"{eventId}#out0", delivery.GetProperty("outboundId").GetString());
        var send = Assert.Single(delivery.GetProperty("sends").EnumerateArray());
        Assert.Equal("sent", send.GetProperty("outcome").GetString());
        Assert.True(session.GetProperty("acceptedAt").GetDateTimeOffset() <= turns[0].GetProperty("startedAt").GetDateTimeOffset());
        Assert.True(turns[1].GetProperty("endedAt").GetDateTimeOffset() <= send.GetProperty("at").GetDateTimeOffset());

        var cli = await MybotCli.RunAsync("trace", eventId, "--url", server.Url.ToString(), "--token", ApiToken);
        Assert.True(cli.ExitCode == 0, $"exit {cli.ExitCode}; stderr: {cli.Error}");
        Assert.Contains($"trace id   {traceId}", cli.Output, StringComparison.Ordinal);
        Assert.Matches(@"turn 1 .* retry ", cli.Output);
        Assert.Matches(@"turn 2 .* answered ", cli.Output);
        Assert.Matches(@"llm .* scripted-model .* 10 in / 5 out tokens", cli.Output);
        Assert.Matches(@"send .* chunk 1 +sent", cli.Output);
        Assert.Contains("delivered", cli.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("where did I go?", cli.Output, StringComparison.Ordinal);

        using var unknown = await admin.GetAsync(TraceUrl("http:tina:tina/never-sent"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        using var malformed = await admin.GetAsync(TraceUrl("not-an-event-id"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        using var anonymous = server.CreateClient();
        using var refused = await anonymous.GetAsync(TraceUrl(eventId));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static string TraceUrl(string eventId) => "/api/admin/trace/" + string.Join('/', eventId.Split('/').Select(Uri.EscapeDataString));
}
