using System.Globalization;
using System.Text;

namespace MyBot.Bench;

/// <summary>
/// The flow benchmark's scenarios with telemetry off (<c>OTEL_SDK_DISABLED</c>), on without an exporter (the default:
/// spans and metrics made, nothing sent) and on exporting everything by OTLP/HTTP to a local receiver; the modes
/// alternate round by round so the machine's drift falls on each alike, and each row is the median of its rounds.
/// </summary>
internal static class TelemetryBenchmark
{
    private const string Disabled = "OTEL_SDK_DISABLED";
    private const string Endpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private const string Protocol = "OTEL_EXPORTER_OTLP_PROTOCOL";

    private static readonly string[] Modes = ["off", "on, no exporter", "on, OTLP to 127.0.0.1"];

    public static async Task<int> RunAsync(FlowBenchmark bench, int sequential, int sources, int messages, int rounds)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var scenarios = new List<(string Name, Func<Task<ScenarioResult>> Run)>
        {
            ($"1 source, {sequential} one at a time", () => bench.RunScenarioAsync(1, sequential, sequential: true, measureIdle: false)),
            ($"{sources} sources, {messages} messages", () => bench.RunScenarioAsync(sources, messages, measureIdle: false)),
        };
        var results = scenarios.ToDictionary(s => s.Name, _ => Modes.ToDictionary(m => m, _ => new List<ScenarioResult>()));
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var mode in Modes)
            {
                // The server reads these when it is built, as it would from its environment.
                Environment.SetEnvironmentVariable(Disabled, mode == Modes[0] ? "true" : null);
                Environment.SetEnvironmentVariable(Endpoint, mode == Modes[2] ? receiver.Endpoint.ToString() : null);
                Environment.SetEnvironmentVariable(Protocol, mode == Modes[2] ? "http/protobuf" : null);
                foreach (var (name, run) in scenarios)
                {
                    Console.Error.WriteLine($"round {round}/{rounds}, telemetry {mode}: {name}");
                    results[name][mode].Add(await run());
                }
            }
        }

        Environment.SetEnvironmentVariable(Disabled, null);
        Environment.SetEnvironmentVariable(Endpoint, null);
        Environment.SetEnvironmentVariable(Protocol, null);
        Console.WriteLine(Markdown(results, rounds, receiver));
        return 0;
    }

    private static string Markdown(Dictionary<string, Dictionary<string, List<ScenarioResult>>> results, int rounds, OtlpReceiver receiver)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Medians of {rounds} alternating rounds."));
        text.AppendLine();
        text.AppendLine("| scenario | telemetry | events/s (range) | p99 accepted→reply stored (range) | events/s vs off | p99 vs off |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var (scenario, byMode) in results)
        {
            var offRate = Median(byMode[Modes[0]].Select(r => r.EventsPerSecond));
            var offP99 = Median(byMode[Modes[0]].Select(r => r.OverheadP99.TotalMilliseconds));
            foreach (var mode in Modes)
            {
                var rates = byMode[mode].Select(r => r.EventsPerSecond).ToList();
                var p99s = byMode[mode].Select(r => r.OverheadP99.TotalMilliseconds).ToList();
                var rate = Median(rates);
                var p99 = Median(p99s);
                text.AppendLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {scenario} | {mode} | {rate:N1} ({rates.Min():N1}-{rates.Max():N1}) | {p99:N1} ms ({p99s.Min():N1}-{p99s.Max():N1}) | {rate / offRate:0.00} | {p99 / offP99:0.00} |"));
            }
        }

        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"The OTLP receiver took {receiver.Requests:N0} export requests, {receiver.Bytes / 1024.0:N0} KiB."));
        return text.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
