using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MyBot.TestKit.Orleans;

namespace MyBot.Channels.Tests.Http;

public sealed class ApiTokenTests : IAsyncLifetime
{
    private const string Token = "s3cret-token";
    private GrainTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await GrainTestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData("s3cret-token-longer")]
    [InlineData("s3cret-toke")]
    public async Task Requests_without_the_right_bearer_token_get_401(string? presented)
    {
        await using var server = await HttpChannelTestServer.StartAsync(_cluster, Settings(), presented);

        using var post = await server.Client.PostAsJsonAsync("/api/messages", new { user = "a", text = "hi" });
        using var get = await server.Client.GetAsync(HttpChannelTestServer.Query("http:a:a"));

        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Equal("Bearer", Assert.Single(post.Headers.WwwAuthenticate).Scheme);
        Assert.DoesNotContain(Token, await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(server.Publisher.Events);
    }

    [Fact]
    public async Task The_right_bearer_token_is_accepted()
    {
        await using var server = await HttpChannelTestServer.StartAsync(_cluster, Settings(), Token);

        using var post = await server.Client.PostAsJsonAsync("/api/messages", new { user = "a", text = "hi" });
        using var get = await server.Client.GetAsync(HttpChannelTestServer.Query("http:a:a"));

        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Fact]
    public async Task Another_scheme_with_the_right_token_is_refused()
    {
        await using var server = await HttpChannelTestServer.StartAsync(_cluster, Settings());
        server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Token);

        using var post = await server.Client.PostAsJsonAsync("/api/messages", new { user = "a", text = "hi" });

        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [Theory]
    [InlineData(Token)]
    [InlineData(null)]
    public async Task A_browser_request_from_another_origin_that_changes_something_is_refused(string? token)
    {
        await using var server = await HttpChannelTestServer.StartAsync(_cluster, token is null ? [] : Settings(), token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(new { user = "a", text = "hi" }) };
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(server.Publisher.Events);
    }

    [Fact]
    public async Task A_request_from_the_servers_own_origin_is_accepted()
    {
        await using var server = await HttpChannelTestServer.StartAsync(_cluster, Settings(), Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(new { user = "a", text = "hi" }) };
        request.Headers.Add("Origin", server.Client.BaseAddress!.GetLeftPart(UriPartial.Authority));

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_a_request_addressed_to_another_host_name_is_refused()
    {
        await using var server = await HttpChannelTestServer.StartAsync(_cluster, []);
        using var rebound = new HttpRequestMessage(HttpMethod.Get, HttpChannelTestServer.Query("http:a:a"));
        rebound.Headers.Host = "attacker.example";
        using var local = new HttpRequestMessage(HttpMethod.Get, HttpChannelTestServer.Query("http:a:a"));
        local.Headers.Host = "localhost";

        using var refused = await server.Client.SendAsync(rebound);
        using var served = await server.Client.SendAsync(local);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    private static Dictionary<string, string?> Settings() => new() { ["MyBot:Api:Token"] = Token };
}
