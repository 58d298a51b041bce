using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyBot.Channels.Http;
using MyBot.TestKit.Orleans;
using MyBot.TestKit.Server;
using MyBot.TestKit.Time;

namespace MyBot.Channels.Web.Tests;

/// <summary>The sign-in form on a real Kestrel server on 127.0.0.1, with the browser chat's services and a fake clock.</summary>
public sealed class SignInLimitTests : IAsyncLifetime
{
    private const string Token = "sign-in-limit-token";
    private const int MaxWrongTokens = 3;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly FakeTimeProvider _time = new();
    private GrainTestCluster _cluster = null!;
    private WebApplication _app = null!;
    private Uri _url = null!;

    public async Task InitializeAsync()
    {
        _cluster = await GrainTestCluster.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MyBot:Api:Token"] = Token,
            ["MyBot:Api:MaxWrongTokens"] = MaxWrongTokens.ToString(CultureInfo.InvariantCulture),
            ["MyBot:Api:WrongTokenWindow"] = Window.ToString(),
        });
        builder.Services.AddSingleton(_cluster.Grains);
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddSingleton<IInboundPublisher, UnusedPublisher>();
        builder.Services.AddHttpChannel(builder.Configuration);
        builder.Services.AddWebChat(builder.Configuration);
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseWebChat();
        await _app.StartAsync();
        _url = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Wrong_tokens_on_the_form_are_limited_per_address_until_the_window_passes()
    {
        using var guesser = LoopbackClient.From(IPAddress.Parse("127.0.0.1"), _url);
        using var owner = LoopbackClient.From(IPAddress.Parse("127.0.0.2"), _url);
        for (var attempt = 0; attempt < MaxWrongTokens; attempt++)
        {
            using var wrong = await SignInAsync(guesser, $"guess-{attempt}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var limited = await SignInAsync(guesser, Token);
        using var ownerSignsIn = await SignInAsync(owner, Token);
        _time.Advance(Window);
        using var guesserAgain = await SignInAsync(guesser, Token);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(Window, limited.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many wrong tokens", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(limited.Headers.Contains("Set-Cookie"));
        AssertSignedIn(ownerSignsIn);
        AssertSignedIn(guesserAgain);
    }

    private static void AssertSignedIn(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith(WebSignIn.CookieName + "=", StringComparison.Ordinal));
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string token) =>
        client.PostAsync(WebChatEndpoints.SignInRoute, new FormUrlEncodedContent([new KeyValuePair<string, string>("token", token)]));

    /// <summary>Sign-in publishes nothing; the chat's services need a publisher to be built.</summary>
    private sealed class UnusedPublisher : IInboundPublisher
    {
        public Task PublishAsync(InboundEvent inboundEvent, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The sign-in tests publish no message.");
    }
}
