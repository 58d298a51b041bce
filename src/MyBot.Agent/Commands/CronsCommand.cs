using System.Globalization;
using System.Text;
using MyBot.Agent.Crons;
using MyBot.Agent.Identity;
using Orleans;

namespace MyBot.Agent.Commands;

/// <summary>
/// <c>/crons</c>: the workspace's scheduled jobs with their last run, next run and last error. With an <c>owner</c>
/// identity configured, only the owner's accounts see them (they name the chats the jobs write to).
/// </summary>
public sealed class CronsCommand(ICronCatalog catalog, IdentityDirectory identities, IGrainFactory grains) : IChatCommand
{
    public string Name => "crons";

    public string Usage => "/crons";

    public string Description => "list the scheduled jobs: last run, next run, last error";

    public async Task<string> ExecuteAsync(CommandContext context, string arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (identities.IsKnown(IdentityOptions.Owner) && await identities.IdentityOfAsync(context.Source) != IdentityOptions.Owner)
        {
            return "Only the owner can see the scheduled jobs.";
        }

        if (catalog.Jobs.Count == 0 && catalog.Errors.Count == 0)
        {
            return "No scheduled jobs. Add one as `crons/<name>/CRON.md` in the workspace.";
        }

        var text = new StringBuilder("Scheduled jobs:\n");
        foreach (var job in catalog.Jobs)
        {
            var status = await grains.GetGrain<ICronJobGrain>(job.Name).GetStatusAsync();
            text.Append(CultureInfo.InvariantCulture, $"- {job.Name} (`{job.Schedule}` {job.TimeZone ?? "UTC"}, agent {job.Agent}, to {job.DeliverTo})");
            if (!job.Enabled)
            {
                text.Append(", disabled");
            }

            text.Append(CultureInfo.InvariantCulture, $": last run {When(status?.LastRunAt)}, next run {When(status?.NextRunAt)}");
            if (status?.LastError is { } error)
            {
                text.Append(", last error: ").Append(error);
            }

            text.AppendLine();
        }

        foreach (var error in catalog.Errors)
        {
            text.Append("- ").Append(error.Name).Append(": not loaded: ").AppendLine(error.Message);
        }

        return text.ToString().TrimEnd();
    }

    private static string When(DateTimeOffset? at) => at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "never";
}
