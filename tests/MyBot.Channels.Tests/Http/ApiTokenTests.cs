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

    private static Dictionary<string, string?> Settings() => new() { ["MyBot:Api:Token"] = Token };
}
