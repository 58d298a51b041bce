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
        var jobs = new List<CronJobStatus>();
        foreach (var job in catalog.Jobs)
        {
            // A job loaded a moment ago may not have reached its grain yet: shown as never run.
            var status = await grains.GetGrain<ICronJobGrain>(job.Name).GetStatusAsync().WaitAsync(cancellationToken);
            jobs.Add(status ?? new CronJobStatus(job.Name, job.Schedule, job.TimeZone, job.Agent, job.DeliverTo, job.Enabled, null, null, null, null, null, 0));
        }

        return TypedResults.Ok(new CronJobsOverview(jobs, catalog.Errors));
    }
}
