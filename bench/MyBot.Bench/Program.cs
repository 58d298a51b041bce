using System.Globalization;
using MyBot.Bench;

// Usage: dotnet run -c Release --project bench/MyBot.Bench [-- --sequential 100 --sources 1,100,10000 --messages 500,1000,10000 --starts 3]
//        dotnet run -c Release --project bench/MyBot.Bench -- --telegram [--chats 40 --per-chat 5 --sequential 30]
//        dotnet run -c Release --project bench/MyBot.Bench -- --telemetry [--sequential 100 --sources 100 --messages 1000 --rounds 3]
if (args.Contains("--telegram"))
{
    return await TelegramBenchmark.RunAsync(ReadList(args, "--chats", [40])[0], ReadList(args, "--per-chat", [5])[0], ReadList(args, "--sequential", [30])[0]);
}

if (args.Contains("--telemetry"))
{
    await using var flow = await FlowBenchmark.StartLlmAsync();
    return await TelemetryBenchmark.RunAsync(flow, ReadList(args, "--sequential", [100])[0], ReadList(args, "--sources", [100])[0], ReadList(args, "--messages", [1_000])[0], ReadList(args, "--rounds", [3])[0]);
}

var sources = ReadList(args, "--sources", [1, 100, 10_000]);
var messages = ReadList(args, "--messages", [500, 1_000, 10_000]);
var starts = ReadList(args, "--starts", [3])[0];
var sequential = ReadList(args, "--sequential", [100])[0];
if (sources.Count != messages.Count)
{
    Console.Error.WriteLine("--sources and --messages need the same number of entries.");
    return 1;
}

Console.Error.WriteLine("raw fsync rate: appends, then write+rename");
var rawAppends = FsyncProbe.AppendsPerSecond();
var rawReplaces = FsyncProbe.ReplacesPerSecond();

await using var bench = await FlowBenchmark.StartLlmAsync();
var results = new List<ScenarioResult>();
if (sequential > 0)
{
    Console.Error.WriteLine($"scenario: {sequential} messages from 1 source, one at a time");
    results.Add(await bench.RunScenarioAsync(1, sequential, sequential: true));
}

for (var i = 0; i < sources.Count; i++)
{
    Console.Error.WriteLine($"scenario: {messages[i]} messages over {sources[i]} sources");
    results.Add(await bench.RunScenarioAsync(sources[i], messages[i]));
}

Console.Error.WriteLine($"start to ready: {starts} process starts");
var startup = await StartupTimer.MeasureAsync(starts);

Console.WriteLine(Report.Markdown(results, startup, rawAppends, rawReplaces));
return 0;

static List<int> ReadList(string[] args, string name, List<int> fallback)
{
    var index = Array.IndexOf(args, name);
    return index < 0 || index + 1 >= args.Length
        ? fallback
        : [.. args[index + 1].Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
}
