using Microsoft.AspNetCore.Http.HttpResults;
using MyBot.Agent.Crons;

namespace MyBot.Server.Admin;

/// <summary>
/// <c>GET /api/admin/crons</c>: the workspace's scheduled jobs with their last run, next run and last error, and the job
/// files that could not be loaded. Mapped on the admin route group, which carries the API token.
/// </summary>
public static class CronAdminEndpoints
{
    private const string Tag = "Crons";

    public static IEndpointRouteBuilder MapCronAdminEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/crons", ListAsync).WithTags(Tag).WithName("ListCrons").WithSummary("Scheduled jobs (crons/<name>/CRON.md): last run, next run, last error; and the job files that did not load.");
        return admin;
    }

    private static async Task<Ok<CronJobsOverview>> ListAsync(ICronCatalog catalog, IGrainFactory grains, CancellationToken cancellationToken)
    {
        // A job loaded a moment ago may not have reached its grain yet: shown as never run.
        var jobs = await Task.WhenAll(catalog.Jobs.Select(async job =>
            await grains.GetGrain<ICronJobGrain>(job.Name).GetStatusAsync().WaitAsync(cancellationToken) ?? CronJobStatus.NeverRun(job)));

        return TypedResults.Ok(new CronJobsOverview(jobs, catalog.Errors));
    }
}
