using MyBot.Agent.Workspace;

namespace MyBot.Server.Admin;

/// <summary>The body of <c>GET /api/admin/crons</c>: each loaded job with its runs, and the job files that did not load.</summary>
public sealed record CronJobsOverview(IReadOnlyList<CronJobStatus> Jobs, IReadOnlyList<WorkspaceLoadError> Errors);
