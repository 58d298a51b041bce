using System.Net;
using System.Net.Http.Json;
using MyBot.TestKit;

namespace MyBot.Server.Tests.Cluster;

/// <summary>The measurements' load: HTTP sources that each send their next message once the previous reply is visible.</summary>
internal static class ClusterTraffic
{
    /// <returns>Each message's time from POST to its reply being visible through the same server.</returns>
    public static async Task<List<TimeSpan>> RunSourceAsync(HttpClient client, int source, int first, int last)
    {
        var latencies = new List<TimeSpan>();
        for (var message = first; message <= last; message++)
        {
            var posted = TimeProvider.System.GetTimestamp();
            using (var response = await client.PostAsJsonAsync("/api/messages", new { user = $"s{source}", text = $"s{source} m{message}", id = $"m{message}" }))
            {
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }

            var expected = message;
            await Eventually.WaitUntilAsync(
                async () => (await client.GetFromJsonAsync<List<object>>($"/api/messages?source=http:s{source}:s{source}&after={expected - 1}&wait=5"))?.Count > 0,
                CloudCluster.Bound,
                $"the reply to message {message} of source {source}");
            latencies.Add(TimeProvider.System.GetElapsedTime(posted));
        }

        return latencies;
    }

    public static TimeSpan Percentile(List<TimeSpan> sorted, double quantile) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
}
