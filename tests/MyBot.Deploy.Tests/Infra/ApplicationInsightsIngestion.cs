using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MyBot.TestKit.Server;

namespace MyBot.Deploy.Tests.Infra;

/// <summary>Application Insights' ingestion endpoint on 127.0.0.1: takes every track request and keeps its (unzipped) body.</summary>
internal sealed class ApplicationInsightsIngestion : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<string> _bodies = [];

    private ApplicationInsightsIngestion(WebApplication app, int port)
    {
        _app = app;
        ConnectionString = $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:{port}/";
        _app.MapPost("/v2.1/track", async context =>
        {
            Stream body = context.Request.Body;
            if (context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
            {
                body = new GZipStream(body, CompressionMode.Decompress);
            }

            using var reader = new StreamReader(body);
            var text = await reader.ReadToEndAsync(context.RequestAborted);
            lock (_bodies)
            {
                _bodies.Add(text);
            }

            var items = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            await context.Response.WriteAsJsonAsync(new { itemsReceived = items, itemsAccepted = items, errors = Array.Empty<object>() }, context.RequestAborted);
        });
    }

    public string ConnectionString { get; }

    public string Received
    {
        get
        {
            lock (_bodies)
            {
                return string.Join('\n', _bodies);
            }
        }
    }

    public static async Task<ApplicationInsightsIngestion> StartAsync()
    {
        var port = ServerProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var ingestion = new ApplicationInsightsIngestion(builder.Build(), port);
        await ingestion._app.StartAsync();
        return ingestion;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
