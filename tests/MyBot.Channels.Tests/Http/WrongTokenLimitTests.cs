using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MyBot.Channels.Http;
using MyBot.TestKit.Orleans;
using MyBot.TestKit.Server;
using MyBot.TestKit.Time;

namespace MyBot.Channels.Tests.Http;

public sealed class WrongTokenLimitTests : IAsyncLifetime
{
    private const string Token = "s3cret-token";
    private const int MaxWrongTokens = 3;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private static readonly IPAddress Guesser = IPAddress.Parse("127.0.0.1");
    private static readonly IPAddress Owner = IPAddress.Parse("127.0.0.2");

    private readonly FakeTimeProvider _time = new();
    private GrainTestCluster _cluster = null!;
    private HttpChannelTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _cluster = await GrainTestCluster.StartAsync();
        _server = await HttpChannelTestServer.StartAsync(_cluster, Settings(), time: _time);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task After_the_allowed_wrong_tokens_a_client_gets_429_with_retry_after_even_for_the_right_token()
    {
        using var guesser = Client(Guesser);
        for (var attempt = 0; attempt < MaxWrongTokens; attempt++)
        {
            using var wrong = await GetAsync(guesser, $"guess-{attempt}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        _time.Advance(TimeSpan.FromMinutes(4));
        using var limited = await GetAsync(guesser, "guess-more");
        using var right = await GetAsync(guesser, Token);

        var detail = await ProblemAssert.DetailAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.Contains("Too many wrong tokens", detail, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(6), limited.Headers.RetryAfter?.Delta);
        await ProblemAssert.DetailAsync(right, HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task A_limited_client_does_not_lock_out_another_one_with_the_right_token()
    {
        using var guesser = Client(Guesser);
        using var owner = Client(Owner);
        for (var attempt = 0; attempt <= MaxWrongTokens; attempt++)
        {
            using var wrong = await GetAsync(guesser, $"guess-{attempt}");
        }

        using var limited = await GetAsync(guesser, "guess-more");
        using var post = await owner.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = JsonContent.Create(new { user = "a", text = "hi" }),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) },
        });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        Assert.Single(_server.Publisher.Events);
    }

    [Fact]
    public async Task Once_the_window_has_passed_the_client_may_try_again()
    {
        using var guesser = Client(Guesser);
        for (var attempt = 0; attempt < MaxWrongTokens; attempt++)
        {
            using var wrong = await GetAsync(guesser, $"guess-{attempt}");
        }

        using var limited = await GetAsync(guesser, Token);
        _time.Advance(Window);
        using var wrongAgain = await GetAsync(guesser, "guess-again");
        using var right = await GetAsync(guesser, Token);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task Requests_with_the_right_token_or_none_do_not_count()
    {
        using var client = Client(Guesser);
        for (var attempt = 0; attempt < MaxWrongTokens * 2; attempt++)
        {
            using var right = await GetAsync(client, Token);
            using var none = await GetAsync(client, null);
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        }

        using var wrong = await GetAsync(client, "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("::ffff:10.1.2.3", "10.1.2.3")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    public void An_address_is_limited_as_its_ipv4_address_or_its_ipv6_64(string address, string client) =>
        Assert.Equal(client, WrongTokenLimiter.ClientOf(IPAddress.Parse(address)));

    private HttpClient Client(IPAddress local) => LoopbackClient.From(local, _server.Client.BaseAddress!);

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, HttpChannelTestServer.Query("http:a:a"));
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client.SendAsync(request);
    }

    private static Dictionary<string, string?> Settings() => new()
    {
        ["MyBot:Api:Token"] = Token,
        ["MyBot:Api:MaxWrongTokens"] = MaxWrongTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MyBot:Api:WrongTokenWindow"] = Window.ToString(),
    };
}
