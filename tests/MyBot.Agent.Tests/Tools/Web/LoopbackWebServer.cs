using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace MyBot.Agent.Tests.Tools.Web;

/// <summary>A real HTTP server on a loopback address and a free port, answering every request with <paramref name="handler"/>.</summary>
internal sealed class LoopbackWebServer(string address, RequestDelegate handler) : IAsyncDisposable
{
    private WebApplication? _app;
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    public Uri BaseUri { get; private set; } = null!;

    public static async Task<LoopbackWebServer> StartAsync(RequestDelegate handler, string address = "127.0.0.1")
    {
        var server = new LoopbackWebServer(address, handler);
        await server.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{address}:0");
        _app = builder.Build();
        _app.Run(context =>
        {
            Interlocked.Increment(ref _requests);
            return handler(context);
        });
        await _app.StartAsync();
        var url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(url);
    }
}
