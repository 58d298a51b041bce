using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MyBot.Grains;

/// <summary>How a cron job's runs are named: the session they run in and the deterministic id of each run.</summary>
public static class CronRuns
{
    /// <summary>The platform part of a cron job's session key (<c>cron:&lt;job&gt;</c>); no channel has it.</summary>
    public const string Platform = "cron";

    /// <summary>
    /// An answer that is exactly this is not delivered: a heartbeat job's agent says it when there is nothing to tell.
    /// </summary>
    public const string NoReply = "NO_REPLY";

    public static string SessionKey(string jobName) => $"{Platform}:{jobName}";

    public static bool TryGetJobName(string sessionKey, [NotNullWhen(true)] out string? jobName)
    {
        jobName = EventSource.TryParse(sessionKey, out var source) && source.Platform == Platform && source.ChatId is null ? source.UserId : null;
        return jobName is not null;
    }

    /// <summary>The same for every attempt at a slot, so the session and the delivery drop a repeated run.</summary>
    public static string RunId(string jobName, DateTimeOffset slot) =>
        $"{SessionKey(jobName)}/{slot.UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture)}";

    public static bool IsNoReply(string reply) => string.Equals(reply.Trim(), NoReply, StringComparison.Ordinal);
}
