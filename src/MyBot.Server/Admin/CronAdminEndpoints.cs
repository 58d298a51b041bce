using Microsoft.AspNetCore.Http.HttpResults;
using MyBot.Agent.Crons;

namespace MyBot.Server.Admin;

/// <summary>
/// <c>GET /api/admin/crons</c>: the workspace's scheduled jobs with their last run, next run and last error, and the job
/// files that could not be loaded. The caller protects the group with the API token.
/// </summary>
public static class CronAdminEndpoints
{
    public const string Route = "/api/admin/crons";

    public static RouteGroupBuilder MapCronAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Route);
        group.MapGet(string.Empty, ListAsync);
        return group;
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
