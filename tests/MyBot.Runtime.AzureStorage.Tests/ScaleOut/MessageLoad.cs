using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MyBot.Channels;
using MyBot.Channels.Http;
using MyBot.TestKit.Server;

namespace MyBot.Runtime.AzureStorage.Tests.ScaleOut;

/// <summary>
/// Users on the HTTP channel: each source sends its messages one after another (the next once the previous was
/// answered), to whichever replica is alive, retrying with the same client id when a replica dies under it.
/// </summary>
internal sealed partial class MessageLoad(ScaleOutCluster cluster, int sources, int messagesPerSource)
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(90);
    private readonly ConcurrentDictionary<(int Source, int Message), DateTimeOffset> _sentAt = new();
    private readonly ConcurrentDictionary<(int Source, int Message), TimeSpan> _delays = new();
    private readonly ConcurrentDictionary<int, List<HttpReply>> _replies = new();
    private int _accepted;
    private int _nextReplica;

    public int Total => sources * messagesPerSource;

    public int Accepted => Volatile.Read(ref _accepted);

    public int Answered => _delays.Count;

    /// <summary>From POST to the reply being stored (the reply's own timestamp), per message.</summary>
    public IReadOnlyCollection<TimeSpan> Delays => _delays.Values.ToList();

    public static string SourceKey(int source) => $"s{source.ToString(CultureInfo.InvariantCulture)}";

    public async Task<TimeSpan> RunAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, sources).Select(s => Task.Run(() => RunSourceAsync(s, cancellationToken), cancellationToken)));
        return stopwatch.Elapsed;
    }

    /// <summary>Every reply each source received, read again from storage at the end; more than one per message is a duplicate.</summary>
    public async Task<IReadOnlyDictionary<(int Source, int Message), int>> CountRepliesAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(int, int), int>();
        for (var source = 0; source < sources; source++)
        {
            var replies = await GetAsync(source, 0, TimeSpan.Zero, cancellationToken);
            foreach (var reply in replies)
            {
                if (Parse(reply.Text) is { } message && message.Source == source)
                {
                    counts[(source, message.Message)] = counts.GetValueOrDefault((source, message.Message)) + 1;
                }
            }
        }

        return counts;
    }

    private async Task RunSourceAsync(int source, CancellationToken cancellationToken)
    {
        long after = 0;
        for (var message = 0; message < messagesPerSource; message++)
        {
            var sentAt = DateTimeOffset.UtcNow;
            _sentAt[(source, message)] = sentAt;
            await PostAsync(source, message, cancellationToken);
            Interlocked.Increment(ref _accepted);

            var deadline = Stopwatch.StartNew();
            while (!_delays.ContainsKey((source, message)))
            {
                if (deadline.Elapsed > AnswerTimeout)
                {
                    throw new TimeoutException($"{SourceKey(source)} message {message} was not answered within {AnswerTimeout}.");
                }

                foreach (var reply in await GetAsync(source, after, TimeSpan.FromSeconds(5), cancellationToken))
                {
                    after = Math.Max(after, reply.Seq);
                    if (Parse(reply.Text) is { } answered && answered.Source == source && _sentAt.TryGetValue((source, answered.Message), out var at))
                    {
                        _delays.TryAdd((source, answered.Message), reply.At - at);
                    }
                }
            }
        }
    }

    private async Task PostAsync(int source, int message, CancellationToken cancellationToken)
    {
        var body = new
        {
            user = $"u{source.ToString(CultureInfo.InvariantCulture)}",
            chat = $"c{source.ToString(CultureInfo.InvariantCulture)}",
            id = $"{SourceKey(source)}-m{message.ToString(CultureInfo.InvariantCulture)}",
            text = $"{SourceKey(source)} message {message.ToString(CultureInfo.InvariantCulture)}",
        };
        for (var attempt = 1; ; attempt++)
        {
            var replica = NextReplica();
            try
            {
                using var client = replica.CreateClient();
                using var response = await client.PostAsJsonAsync(HttpChannelEndpoints.Route, body, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (attempt < 20)
            {
                // That replica is gone; the same id on another one cannot create a second message.
            }
        }
    }

    private async Task<IReadOnlyList<HttpReply>> GetAsync(int source, long after, TimeSpan wait, CancellationToken cancellationToken)
    {
        var query = $"{HttpChannelEndpoints.Route}?source=http:u{source}:c{source}&after={after}&wait={wait.TotalSeconds.ToString(CultureInfo.InvariantCulture)}";
        for (var attempt = 1; ; attempt++)
        {
            var replica = NextReplica();
            try
            {
                using var client = replica.CreateClient();
                return await client.GetFromJsonAsync<List<HttpReply>>(query, ChannelJson.Options, cancellationToken) ?? [];
            }
            catch (HttpRequestException) when (attempt < 20)
            {
                // Killed under us; ask another replica (replies are in storage, visible to all).
            }
        }
    }

    private ServerProcess NextReplica()
    {
        var alive = cluster.Alive.ToList();
        return alive[(Interlocked.Increment(ref _nextReplica) & int.MaxValue) % alive.Count];
    }

    private static (int Source, int Message)? Parse(string text)
    {
        var match = AnswerPattern().Match(text);
        return match.Success
            ? (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : null;
    }

    [GeneratedRegex(@"\bs(\d+) message (\d+)\b")]
    private static partial Regex AnswerPattern();
}
