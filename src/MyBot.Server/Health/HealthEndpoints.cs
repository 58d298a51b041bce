using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MyBot.Channels;
using MyBot.Channels.Hosting;
using MyBot.Runtime.Hosting;
using MyBot.Runtime.Storage;

namespace MyBot.Server.Health;

/// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: storage reachable, runtime serving, every channel started.</summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan StorageCheckTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/healthz", () => Results.Json(new HealthReport("alive", [], []), ChannelJson.Options));
        endpoints.MapGet("/readyz", ReadyAsync);
        return endpoints;
    }

    private static async Task<IResult> ReadyAsync(IStorageHealthCheck storage, SiloStatus silo, ChannelHost channels, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(StorageCheckTimeout);
            try
            {
                await storage.CheckAsync(timeout.Token);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                problems.Add($"storage: {exception.Message}");
            }
        }

        if (!silo.Started)
        {
            problems.Add("runtime: not serving yet");
        }

        if (!channels.AllStarted)
        {
            problems.Add("channels: not all started yet");
        }

        var report = new HealthReport(problems.Count == 0 ? "ready" : "not ready", problems, channels.Statuses);
        return Results.Json(report, ChannelJson.Options, statusCode: problems.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
