using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MyBot.TestKit.Server;

namespace MyBot.Server.Tests.Admin;

/// <summary>What every endpoint shares: the token, one problem shape for errors, and the OpenAPI document.</summary>
[Collection(InProcessServerCollection.Name)]
public sealed class AdminApiTests : IAsyncLifetime
{
    private static readonly string[] AdminGets =
        ["/api/admin/channels", "/api/admin/pairing", "/api/admin/deadletters", "/api/admin/agents", "/api/admin/usage"];

    private AdminApiHost _host = null!;

    public async Task InitializeAsync() => _host = await AdminApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Without_the_token_every_admin_call_is_a_401_problem_that_says_how_to_authenticate()
    {
        foreach (var url in AdminGets)
        {
            using var response = await _host.Anonymous.GetAsync(url);
            Assert.Contains("bearer token", await ProblemAssert.DetailAsync(response, HttpStatusCode.Unauthorized), StringComparison.OrdinalIgnoreCase);
            Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        }

        using var approve = await _host.Anonymous.PostAsJsonAsync("/api/admin/pairing/approve", new { code = "ABCDEFGH" });
        await ProblemAssert.DetailAsync(approve, HttpStatusCode.Unauthorized);
        using var remove = await _host.Anonymous.DeleteAsync("/api/admin/pairing/approved/telegram/42");
        await ProblemAssert.DetailAsync(remove, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task With_the_token_every_admin_list_answers_200_json()
    {
        foreach (var url in AdminGets)
        {
            using var response = await _host.Admin.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("/api/admin/pairing/approve", "", "{\"code\":\"<pairing code>\"}")]
    [InlineData("/api/admin/pairing/approve", "{}", "{\"code\":\"<pairing code>\"}")]
    [InlineData("/api/admin/pairing/deny", "{\"code\":\"  \"}", "{\"code\":\"<pairing code>\"}")]
    [InlineData("/api/admin/pairing/approve", "{not json", "check its JSON body")]
    [InlineData("/api/admin/pairing/approve", "{\"code\":42}", "check its JSON body")]
    [InlineData("/api/messages", "{\"user\":\"a\"}", "'text' is required")]
    public async Task A_bad_body_is_a_400_problem_with_a_detail_that_says_what_to_send(string url, string body, string expected)
    {
        using var response = await _host.Admin.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Contains(expected, await ProblemAssert.DetailAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_things_are_404_problems_naming_them()
    {
        using var code = await _host.Admin.PostAsJsonAsync("/api/admin/pairing/approve", new { code = "NOSUCHCD" });
        Assert.Contains("'NOSUCHCD'", await ProblemAssert.DetailAsync(code, HttpStatusCode.NotFound), StringComparison.Ordinal);
        using var deny = await _host.Admin.PostAsJsonAsync("/api/admin/pairing/deny", new { code = "NOSUCHCD" });
        Assert.Contains("'NOSUCHCD'", await ProblemAssert.DetailAsync(deny, HttpStatusCode.NotFound), StringComparison.Ordinal);
        using var letter = await _host.Admin.GetAsync("/api/admin/deadletters/" + Uri.EscapeDataString("inbound/http:a:a/1"));
        Assert.Contains("'inbound/http:a:a/1'", await ProblemAssert.DetailAsync(letter, HttpStatusCode.NotFound), StringComparison.Ordinal);
        using var user = await _host.Admin.DeleteAsync("/api/admin/pairing/approved/telegram/42");
        Assert.Contains("telegram user '42'", await ProblemAssert.DetailAsync(user, HttpStatusCode.NotFound), StringComparison.Ordinal);
        using var route = await _host.Admin.GetAsync("/api/admin/nothing-here");
        Assert.Contains("/api/admin/nothing-here", await ProblemAssert.DetailAsync(route, HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_lists_every_api_route_with_its_operations_and_nothing_else()
    {
        using var response = await _host.Anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths");

        (string Path, string Method)[] expected =
        [
            ("/api/messages", "post"), ("/api/messages", "get"),
            ("/api/admin/channels", "get"),
            ("/api/admin/pairing", "get"), ("/api/admin/pairing/approve", "post"), ("/api/admin/pairing/deny", "post"),
            ("/api/admin/pairing/approved/{platform}/{userId}", "delete"),
            ("/api/admin/deadletters", "get"), ("/api/admin/deadletters/{id}", "get"), ("/api/admin/deadletters/{id}/retry", "post"),
            ("/api/admin/deadletters/{id}", "delete"),
            ("/api/admin/agents", "get"),
            ("/api/admin/usage", "get"),
        ];
        foreach (var (path, method) in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is missing from the document");
            Assert.True(item.TryGetProperty(method, out _), $"{method} {path} is missing from the document");
        }

        Assert.All(paths.EnumerateObject(), p => Assert.StartsWith("/api/", p.Name, StringComparison.Ordinal));
        var approve = paths.GetProperty("/api/admin/pairing/approve").GetProperty("post");
        Assert.True(approve.GetProperty("responses").TryGetProperty("404", out _), "the approve operation documents its 404");
        Assert.True(approve.TryGetProperty("requestBody", out _), "the approve operation documents its body");
        Assert.True(paths.GetProperty("/api/messages").GetProperty("post").TryGetProperty("requestBody", out _), "sending documents its body");
    }
}
