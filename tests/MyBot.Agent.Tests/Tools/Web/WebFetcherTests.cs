using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using MyBot.Agent.Tools.Web;

namespace MyBot.Agent.Tests.Tools.Web;

public sealed class WebFetcherTests
{
    private const string Page = "<html><head><title>Hello &amp; welcome</title><script>var secret = 1;</script></head><body><h1>Heading</h1><p>First <b>para</b>.</p><style>p{}</style><p>Second</p></body></html>";

    [Fact]
    public async Task Loopback_is_refused_by_default_and_never_contacted()
    {
        await using var server = await LoopbackWebServer.StartAsync(context => context.Response.WriteAsync(Page));
        using var fetcher = Fetcher(new WebFetchOptions());

        var error = await Assert.ThrowsAsync<WebFetchRefusedException>(() => fetcher.FetchAsync(server.BaseUri.ToString(), default));

        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a public address", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task A_name_resolving_to_loopback_is_refused_at_connect_time()
    {
        await using var server = await LoopbackWebServer.StartAsync(context => context.Response.WriteAsync(Page));
        using var fetcher = Fetcher(new WebFetchOptions());

        var error = await Assert.ThrowsAsync<WebFetchRefusedException>(() => fetcher.FetchAsync($"http://localhost:{server.BaseUri.Port}/", default));

        Assert.Contains("not a public address", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task A_redirect_to_a_private_address_is_refused()
    {
        await using var target = await LoopbackWebServer.StartAsync(context => context.Response.WriteAsync("internal secrets"), "127.0.0.2");
        await using var redirector = await LoopbackWebServer.StartAsync(context =>
        {
            context.Response.Redirect(new Uri(target.BaseUri, "/admin").ToString());
            return Task.CompletedTask;
        });
        using var fetcher = Fetcher(new WebFetchOptions { AllowedAddresses = ["127.0.0.1"] });

        var error = await Assert.ThrowsAsync<WebFetchRefusedException>(() => fetcher.FetchAsync(redirector.BaseUri.ToString(), default));

        Assert.Contains("127.0.0.2", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, redirector.Requests);
        Assert.Equal(0, target.Requests);
    }

    [Fact]
    public async Task Allowed_pages_come_back_as_readable_text_after_redirects()
    {
        await using var server = await LoopbackWebServer.StartAsync(context =>
        {
            if (context.Request.Path == "/start")
            {
                context.Response.Redirect("/page");
                return Task.CompletedTask;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync(Page);
        });
        using var fetcher = Fetcher(new WebFetchOptions { AllowPrivateNetworks = true });

        var text = await fetcher.FetchAsync(new Uri(server.BaseUri, "/start").ToString(), default);

        Assert.Contains("# Hello & welcome", text, StringComparison.Ordinal);
        Assert.Contains("Heading\nFirst para.\nSecond", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.Contains("/page", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Large_pages_are_cut()
    {
        await using var server = await LoopbackWebServer.StartAsync(context =>
        {
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync(new string('x', 100_000));
        });
        using var fetcher = Fetcher(new WebFetchOptions { AllowPrivateNetworks = true, MaxBytes = 4096, MaxChars = 1000 });

        var text = await fetcher.FetchAsync(server.BaseUri.ToString(), default);

        Assert.Contains("[cut at 1000 characters]", text, StringComparison.Ordinal);
        Assert.True(text.Length < 1200);
    }

    [Fact]
    public async Task Slow_servers_time_out()
    {
        var never = new TaskCompletionSource();
        await using var server = await LoopbackWebServer.StartAsync(context => never.Task.WaitAsync(context.RequestAborted));
        using var fetcher = Fetcher(new WebFetchOptions { AllowPrivateNetworks = true, Timeout = TimeSpan.FromMilliseconds(300) });

        await Assert.ThrowsAsync<TimeoutException>(() => fetcher.FetchAsync(server.BaseUri.ToString(), default));
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.org/")]
    [InlineData("not a url")]
    public async Task Only_http_urls_are_fetched(string url)
    {
        using var fetcher = Fetcher(new WebFetchOptions());

        await Assert.ThrowsAsync<WebFetchRefusedException>(() => fetcher.FetchAsync(url, default));
    }

    private static WebFetcher Fetcher(WebFetchOptions options) => new(Options.Create(options));
}
