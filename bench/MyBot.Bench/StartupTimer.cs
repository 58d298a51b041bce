using System.Diagnostics;
using MyBot.TestKit.Server;

namespace MyBot.Bench;

/// <summary>Times the server process from launch to its first 200 on <c>/readyz</c>, on a fresh data directory each time.</summary>
internal static class StartupTimer
{
    public static async Task<IReadOnlyList<TimeSpan>> MeasureAsync(int runs)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < runs; i++)
        {
            var dataDir = Directory.CreateTempSubdirectory("mybot-bench-start-");
            var port = ServerProcess.FreePort();
            var clock = Stopwatch.StartNew();
            await using var server = ServerProcess.Launch(new Dictionary<string, string?> { ["MyBot__DataDir"] = dataDir.FullName }, port, [], null);
            using var client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(2) };
            while (!await IsReadyAsync(client))
            {
                if (server.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException($"The server did not become ready. Logs:\n{server.Logs}");
                }

                await Task.Delay(5);
            }

            times.Add(clock.Elapsed);
            await server.StopAsync();
            dataDir.Delete(recursive: true);
        }

        return times;
    }

    private static async Task<bool> IsReadyAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
