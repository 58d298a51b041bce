using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MyBot.Channels;
using MyBot.Channels.Hosting;

namespace MyBot.Server.Health;

/// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: storage reachable, the silo active, every channel started and none stopped for good.</summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan StorageCheckTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/healthz", () => Results.Json(new HealthReport("alive", [], [], []), ChannelJson.Options));
        endpoints.MapGet("/readyz", ReadyAsync);
        return endpoints;
    }

    private static async Task<IResult> ReadyAsync(
        HealthCheckService checks, SiloReadiness silo, ChannelHost channels, LlmEndpointStatus llm, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(StorageCheckTimeout);
            try
            {
                var report = await checks.CheckHealthAsync(timeout.Token);
                problems.AddRange(report.Entries
                    .Where(entry => entry.Value.Status != HealthStatus.Healthy)
                    .Select(entry => $"{entry.Key}: {entry.Value.Description ?? entry.Value.Exception?.Message ?? entry.Value.Status.ToString()}"));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problems.Add($"storage: no answer within {StorageCheckTimeout.TotalSeconds:0} s");
            }
        }

        if (!silo.IsActive)
        {
            problems.Add("silo: not active (starting or stopping)");
        }

        if (!channels.AllStarted)
        {
            problems.Add("channels: not all started yet");
        }

        // A channel that is restarting may come back by itself; one that stopped for good needs its configuration fixed.
        problems.AddRange(channels.Statuses
            .Where(status => status.State == ChannelState.Failed)
            .Select(status => $"{status.Platform}: stopped for good ({status.LastError})"));

        string[] warnings = llm.Problem is { } llmProblem ? [$"llm: {llmProblem}"] : [];
        var status = problems.Count > 0 ? "not ready" : warnings.Length > 0 ? "degraded" : "ready";
        var ready = new HealthReport(status, problems, warnings, channels.Statuses);
        return Results.Json(ready, ChannelJson.Options, statusCode: problems.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
