using MyBot.Agent.Workspace;

namespace MyBot.Agent.Crons;

/// <summary>The scheduled jobs of the workspace (<c>crons/&lt;name&gt;/CRON.md</c>) as they are on disk now.</summary>
public interface ICronCatalog
{
    IReadOnlyList<CronJobDefinition> Jobs { get; }

    /// <summary>Job files that could not be loaded, with file and line; a broken job keeps its last good definition.</summary>
    IReadOnlyList<WorkspaceLoadError> Errors { get; }

    /// <summary>Raised after a reload changed the jobs.</summary>
    event EventHandler? Changed;
}
