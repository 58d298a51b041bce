using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MyBot.Runtime.AzureStorage.Tests;

/// <summary>A loopback reverse proxy in front of Azurite that answers the next requests with a fault before forwarding again.</summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _forward = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    private readonly Queue<Fault> _faults = new();
    private int _requests;

    private FaultProxy(WebApplication app) => _app = app;

    public enum Fault
    {
        ServiceUnavailable,
        InternalError,
        Hang,
        Forbidden,
    }

    public Uri Address { get; private set; } = null!;

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<FaultProxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new FaultProxy(app);
        app.Run(context => proxy.HandleAsync(context, target));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Address = new Uri(address);
        return proxy;
    }

    public void Inject(params Fault[] faults)
    {
        lock (_faults)
        {
            foreach (var fault in faults)
            {
                _faults.Enqueue(fault);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _forward.Dispose();
    }

    private async Task HandleAsync(HttpContext context, Uri target)
    {
        Interlocked.Increment(ref _requests);
        Fault? fault = null;
        lock (_faults)
        {
            if (_faults.Count > 0)
            {
                fault = _faults.Dequeue();
            }
        }

        switch (fault)
        {
            case Fault.ServiceUnavailable:
                context.Response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
                context.Response.Headers["x-ms-error-code"] = "ServerBusy";
                return;
            case Fault.InternalError:
                context.Response.StatusCode = (int)HttpStatusCode.InternalServerError;
                context.Response.Headers["x-ms-error-code"] = "InternalError";
                return;
            case Fault.Forbidden:
                context.Response.StatusCode = (int)HttpStatusCode.Forbidden;
                context.Response.Headers["x-ms-error-code"] = "AuthorizationPermissionMismatch";
                return;
            case Fault.Hang:
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(target, context.Request.Path + context.Request.QueryString));
        // An empty body still carries its Content-Type, which the client signed.
        if (context.Request.ContentLength is not null || context.Request.Headers.ContainsKey("Transfer-Encoding") || context.Request.ContentType is not null)
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            forward.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (name is "Host" or "Content-Length" or "Transfer-Encoding")
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                forward.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var response = await _forward.SendAsync(forward, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name is not ("Transfer-Encoding" or "Content-Length"))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body);
    }
}
