using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MyBot.TestKit.Server;

namespace MyBot.Server.Tests.EndToEnd;

public sealed class BadInputTests
{
    [Fact]
    public async Task Every_endpoint_answers_bad_input_with_400_and_a_reason()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        await using var server = await environment.StartServerAsync();
        using var client = server.CreateClient();

        (string Method, string Url, string? Body, string Expected)[] cases =
        [
            ("POST", "/api/messages", "{oops", "not valid JSON"),
            ("POST", "/api/messages", """{"user":"a","text":""}""", "'text' must not be empty"),
            ("POST", "/api/messages", """{"user":5,"text":"x"}""", "'user' must be a string"),
            ("POST", "/api/messages", """{"user":"a","text":"x","id":"a b"}""", "'id' must be"),
            ("POST", "/api/messages", $$"""{"user":"a","text":"{{new string('x', 16_001)}}"}""", "MyBot:Api:MaxMessageLength"),
            ("GET", "/api/messages", null, "'source' is required"),
            ("GET", "/api/messages?source=http", null, "'source'"),
            ("GET", "/api/messages?source=http:a:a&after=x", null, "'after'"),
            ("GET", "/api/messages?source=http:a:a&wait=x", null, "'wait'"),
        ];
        foreach (var (method, url, body, expected) in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {url} {body}: {response.StatusCode}");
            Assert.Contains(expected, await ProblemAssert.DetailAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        }

        Assert.Equal(0, environment.Llm!.RequestCount);
    }

    [Fact]
    public async Task With_a_token_every_api_call_needs_it_but_health_does_not()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        environment.Settings["MyBot__Api__Token"] = "e2e-token-value";
        await using var server = await environment.StartServerAsync();
        using var anonymous = server.CreateClient();
        using var authorized = server.CreateClient("e2e-token-value");

        using var post = await anonymous.PostAsJsonAsync("/api/messages", new { user = "a", text = "hi" });
        using var get = await anonymous.GetAsync("/api/messages?source=http:a:a");
        using var health = await anonymous.GetAsync("/healthz");
        using var ready = await anonymous.GetAsync("/readyz");
        using var accepted = await authorized.PostAsJsonAsync("/api/messages", new { user = "a", text = "hi" });

        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.DoesNotContain("e2e-token-value", server.Logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_asks_for_the_token_opens_with_it_as_a_bearer_or_a_basic_password_and_limits_wrong_ones()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        environment.Settings["MyBot__Api__Token"] = "e2e-dashboard-token";
        environment.Settings["MyBot__Api__MaxWrongTokens"] = "2";
        await using var server = await environment.StartServerAsync();
        using var client = server.CreateClient();

        using var anonymous = await client.GetAsync("/dashboard/");
        using var wrong = await SendWithAuthorizationAsync(client, "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("owner:not-the-token")));
        using var basic = await SendWithAuthorizationAsync(client, "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("owner:e2e-dashboard-token")));
        using var bearer = await SendWithAuthorizationAsync(client, "Bearer e2e-dashboard-token");
        using var wrongAgain = await SendWithAuthorizationAsync(client, "Bearer not-the-token-either");
        using var limited = await SendWithAuthorizationAsync(client, "Bearer e2e-dashboard-token");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, basic.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        Assert.Contains("<html", await basic.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAgain.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task A_setting_of_the_retired_runtime_stops_the_start_and_names_its_successor()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        environment.Settings["MyBot__Runtime__MaxAttempts"] = "3";

        var (exitCode, logs) = await ServerProcess.RunUntilExitAsync(environment.Settings, [], E2eEnvironment.Bound);

        Assert.Equal(2, exitCode);
        Assert.Contains("MyBot:Runtime:MaxAttempts", logs, StringComparison.Ordinal);
        Assert.Contains("MyBot:Session:MaxAttempts", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_refuses_a_non_loopback_address_without_a_token()
    {
        await using var environment = await E2eEnvironment.CreateAsync();

        var (exitCode, logs) = await ServerProcess.RunUntilExitAsync(
            environment.Settings, ["--urls", $"http://0.0.0.0:{ServerProcess.FreePort()}"], E2eEnvironment.Bound);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("MyBot__Api__Token", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_setting_stops_the_start_with_the_key_named()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        environment.Settings["MyBot__Llm__Endpoint"] = "not-a-url";

        var (exitCode, logs) = await ServerProcess.RunUntilExitAsync(environment.Settings, [], E2eEnvironment.Bound);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("MyBot:Llm:Endpoint", logs, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SendWithAuthorizationAsync(HttpClient client, string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await client.SendAsync(request);
    }
}
