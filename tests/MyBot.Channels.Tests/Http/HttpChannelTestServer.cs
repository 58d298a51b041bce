using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyBot.Channels.Http;
using MyBot.TestKit.Orleans;

namespace MyBot.Channels.Tests.Http;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with only the HTTP channel and its endpoints, calling the grains of a test cluster
/// as a client (as a web host outside the silo would), and a test double of the publisher.
/// </summary>
internal sealed class HttpChannelTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpChannelTestServer(WebApplication app, Uri url)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }

    public HttpChannel Channel => _app.Services.GetRequiredService<HttpChannel>();

    public RecordingPublisher Publisher => (RecordingPublisher)_app.Services.GetRequiredService<IInboundPublisher>();

    /// <param name="time">The server's clock (the long poll's deadline); the system clock by default.</param>
    public static async Task<HttpChannelTestServer> StartAsync(
        GrainTestCluster cluster, Dictionary<string, string?>? settings = null, string? bearer = null, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddSingleton(cluster.Grains);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddSingleton<IInboundPublisher, RecordingPublisher>();
        builder.Services.AddHttpChannel(builder.Configuration);
        var app = builder.Build();
        app.MapHttpChannel();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var server = new HttpChannelTestServer(app, new Uri(address));
        if (bearer is not null)
        {
            server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return server;
    }

    public Task<SendResult> SendAsync(string source, string outboundId, string text, int index = 0, int count = 1) =>
        Channel.SendAsync(new OutboundChunk(EventSource.Parse(source), outboundId, index, count, text, null), CancellationToken.None);

    public static string Query(string source, long after = 0, double wait = 0) =>
        $"/api/messages?source={Uri.EscapeDataString(source)}&after={after.ToString(CultureInfo.InvariantCulture)}&wait={wait.ToString(CultureInfo.InvariantCulture)}";

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
