using System.Globalization;
using System.Text;

namespace MyBot.Bench;

internal static class Report
{
    public static string Markdown(IReadOnlyList<ScenarioResult> results, IReadOnlyList<TimeSpan> startup, double rawAppendsPerSecond, double rawReplacesPerSecond)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Raw fsync rate here, one thread: {rawAppendsPerSecond:N0} appends+fsync/s, {rawReplacesPerSecond:N0} write+fsync+rename/s. Load average at the end: {LoadAverage()}."));
        text.AppendLine();
        text.AppendLine("| sources | messages | events/s | accepted→reply stored p50 | p99 | fsyncs/message | fsyncs/s | of raw append rate | CPU/message | heap/active session | heap/idle session |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            text.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {r.Sources:N0}{(r.Sequential ? " (one at a time)" : string.Empty)} | {r.Messages:N0} | {r.EventsPerSecond:N0} | {r.OverheadP50.TotalMilliseconds:N1} ms | {r.OverheadP99.TotalMilliseconds:N1} ms | {r.FsyncsPerMessage:N1} | {r.FsyncsPerSecond:N0} | {r.FsyncsPerSecond / rawAppendsPerSecond:P0} | {r.CpuPerMessage.TotalMilliseconds:N2} ms | {Kb(r.ActiveBytesPerSession)} | {Kb(r.IdleBytesPerSession)} |"));
        }

        var ordered = startup.Order().ToList();
        if (ordered.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Process start → /readyz 200: median {ordered[ordered.Count / 2].TotalMilliseconds:N0} ms (min {ordered[0].TotalMilliseconds:N0}, max {ordered[^1].TotalMilliseconds:N0}, {ordered.Count} runs)."));
        }

        return text.ToString();
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Kb(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:N1} KiB");
}
