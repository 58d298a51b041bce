using Cronos;
using MyBot.Agent.Agents;
using MyBot.Agent.Workspace;

namespace MyBot.Agent.Crons;

/// <summary>
/// Reads a <c>CRON.md</c>: front matter with <c>schedule</c> (5-field cron), <c>agent</c>, <c>deliver_to</c> (an
/// EventSource or an identity) and optional <c>enabled</c>, then the prompt each run sends the agent. Errors are
/// <see cref="WorkspaceFileException"/>s with the file's line.
/// </summary>
public static class CronFileParser
{
    private static readonly string[] KnownKeys = ["schedule", "agent", "deliver_to", "enabled"];

    /// <param name="folderName">The job's folder: its name.</param>
    /// <param name="timeZone">The IANA zone the schedule is read in (<c>MyBot:TimeZone</c>); null for UTC.</param>
    public static CronJobDefinition Parse(string path, string folderName, string text, string? timeZone)
    {
        var document = FrontMatter.Read(path, text);
        string? schedule = null;
        string? agent = null;
        string? deliverTo = null;
        var enabled = true;
        foreach (var (keyNode, valueNode) in document.Settings.Children)
        {
            var key = FrontMatter.Key(keyNode);
            var value = FrontMatter.Scalar(path, key, valueNode).Trim();
            var line = FrontMatter.LineOf(valueNode);
            switch (key)
            {
                case "schedule":
                    schedule = ParseSchedule(path, line, value);
                    break;
                case "agent":
                    agent = AgentNames.IsValid(value.ToLowerInvariant())
                        ? value.ToLowerInvariant()
                        : throw new WorkspaceFileException(path, line, $"'{value}' is not an agent name (lowercase letters, digits, '-' and '_').");
                    break;
                case "deliver_to":
                    deliverTo = EventSource.TryParse(value, out _) || AgentNames.IsValid(value)
                        ? value
                        : throw new WorkspaceFileException(path, line, $"deliver_to '{value}' is neither an event source ('platform:user[:chat]', e.g. 'telegram:42:42') nor an identity name such as 'owner'.");
                    break;
                case "enabled":
                    enabled = bool.TryParse(value, out var flag)
                        ? flag
                        : throw new WorkspaceFileException(path, line, $"'enabled' must be true or false, not '{value}'.");
                    break;
                default:
                    throw new WorkspaceFileException(path, FrontMatter.LineOf(keyNode), $"unknown setting '{key}'; known settings are {string.Join(", ", KnownKeys)}.");
            }
        }

        foreach (var (key, value) in new[] { ("schedule", schedule), ("agent", agent), ("deliver_to", deliverTo) })
        {
            if (value is null)
            {
                throw new WorkspaceFileException(path, 2, $"'{key}' is missing; a job needs {string.Join(", ", KnownKeys[..3])}.");
            }
        }

        if (document.Body.Length == 0)
        {
            throw new WorkspaceFileException(path, document.BodyLine, "the prompt is empty: write what the agent should do after the closing '---' line.");
        }

        return new CronJobDefinition(folderName, schedule!, timeZone, agent!, deliverTo!, enabled, document.Body);
    }

    /// <summary>Five fields (minute hour day month weekday), as crontab has them; Cronos' seconds field is not offered.</summary>
    public static CronExpression ParseExpression(string schedule) => CronExpression.Parse(schedule, CronFormat.Standard);

    private static string ParseSchedule(string path, int line, string value)
    {
        try
        {
            ParseExpression(value);
            return value;
        }
        catch (CronFormatException e)
        {
            throw new WorkspaceFileException(path, line, $"schedule '{value}' is not a 5-field cron expression (minute hour day month weekday, e.g. '0 8 * * 1-5'): {e.Message}");
        }
    }
}
