using System.Net;
using System.Net.Http.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MyBot.Channels.Telegram;
using MyBot.TestKit;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Llm;
using MyBot.TestKit.Server;
using MyBot.TestKit.Telegram;
using Xunit.Abstractions;

namespace MyBot.Server.Tests.Cluster;

/// <summary>
/// Real server processes in cloud mode on one Azurite, each with a silo port of its own, forming one cluster through the
/// Azure membership table: HTTP messages spread over all of them are answered exactly once and in order per
/// conversation while the silo running the Telegram poller is killed with SIGKILL and another joins, and the poller
/// moves to a live silo.
/// </summary>
public sealed class ClusterFailoverTests(AzuriteServer azurite, ITestOutputHelper output) : IClassFixture<AzuriteServer>, IAsyncLifetime
{
    private const int Conversations = 6;
    private const int MessagesPerConversation = 5;
    private const long TelegramChat = 500;
    private static readonly TimeSpan Bound = CloudCluster.Bound;

    private ScriptedLlmServer _llm = null!;
    private FakeTelegramServer _telegram = null!;
    private CloudCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _llm = await ScriptedLlmServer.StartAsync();
        _telegram = await FakeTelegramServer.StartAsync();
        _cluster = new CloudCluster(azurite, _llm.Endpoint);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _telegram.DisposeAsync();
        await _llm.DisposeAsync();
    }

    [Theory]
    [InlineData(3)]
    public async Task Silos_answer_every_message_once_and_in_order_while_one_is_killed_and_another_joins(int siloCount)
    {
        try
        {
            await RunAsync(siloCount);
        }
        catch (Exception exception) when (exception is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{exception.Message}\n{_cluster.Problems()}", exception);
        }
    }

    private async Task RunAsync(int siloCount)
    {
        var silos = (await Task.WhenAll(Enumerable.Range(0, siloCount).Select(_ => StartSiloAsync()))).ToList();
        await _cluster.WaitForActiveSilosAsync(siloCount);
        _telegram.AddTextMessage(TelegramChat, TelegramChat, "before");
        await Eventually.WaitUntilAsync(() => _telegram.SentTo(TelegramChat).Count == 1, Bound, "the Telegram reply before the kill");

        // The silo that polls Telegram is the one to kill: the poller has to move.
        var victim = silos.Single(silo => silo.Logs.Contains($"Acquired the singleton lease {TelegramChannel.LeaseName}", StringComparison.Ordinal));
        silos.Remove(victim);
        silos.Add(victim);
        var clients = silos.Select(silo => silo.CreateClient()).ToList();

        await PostRoundAsync(1, clients);
        await WaitForAnswersAsync(clients[0], upTo: 1);
        await PostRoundAsync(2, clients);

        // Answered before the kill: a message the victim had just taken from its queue stays hidden for up to the
        // queue's visibility timeout (MyBot:Streams:VisibilityTimeout, 30 s; docs/deploy.md), and the same
        // conversation's message of the next round could be answered before it. The messages posted
        // right after the kill meet everything else a crash leaves: the dead silo's grains, directory entries,
        // reminders, queues and poller.
        await WaitForAnswersAsync(clients[0], upTo: 2);
        var killedAt = TimeProvider.System.GetTimestamp();
        victim.Kill();
        var declaredDead = MeasureAsync(_cluster.WaitUntilDeclaredDeadAsync(victim), killedAt);
        _telegram.AddTextMessage(TelegramChat, TelegramChat, "after");
        var telegramAnswered = MeasureAsync(
            Eventually.WaitUntilAsync(() => _telegram.SentTo(TelegramChat).Count == 2, Bound, "the Telegram reply after the kill"), killedAt);
        var survivors = clients.Take(siloCount - 1).ToList();
        await PostRoundAsync(3, survivors);
        var joining = StartSiloAsync();

        await WaitForAnswersAsync(survivors[0], upTo: 3);
        var allAnswered = TimeProvider.System.GetElapsedTime(killedAt);
        var deadDeclared = await declaredDead;
        var telegramMoved = await telegramAnswered;

        var fourth = await joining;
        await _cluster.WaitForActiveSilosAsync(siloCount);
        var live = survivors.Append(fourth.CreateClient()).ToList();
        await PostRoundAsync(4, live);
        await PostRoundAsync(5, live);
        await WaitForAnswersAsync(live[^1], upTo: MessagesPerConversation);

        output.WriteLine(
            $"after SIGKILL: the killed silo was declared dead after {deadDeclared.TotalSeconds:F1} s; the messages posted around the kill were all answered " +
            $"after {allAnswered.TotalSeconds:F1} s; the Telegram message sent after the kill was answered after {telegramMoved.TotalSeconds:F1} s");
        foreach (var conversation in Enumerable.Range(1, Conversations))
        {
            var replies = await RepliesAsync(live[0], conversation);
            Assert.Equal(Enumerable.Range(1, MessagesPerConversation).Select(message => $"echo: {Text(conversation, message)}"), replies!.Select(reply => reply.Text));
        }

        Assert.Equal(["echo: before", "echo: after"], _telegram.SentTo(TelegramChat).Select(message => message.VisibleText));
        Assert.All(_llm.Concurrency.MaxPerKey, entry => Assert.True(entry.Value <= 1, $"{entry.Key} had {entry.Value} overlapping turns"));

        // Transcripts outlive a silo's disk: in the cluster's blob container, none on a replica.
        var transcripts = new BlobContainerClient(azurite.ConnectionString, _cluster.ContainerName);
        foreach (var conversation in Enumerable.Range(1, Conversations))
        {
            var prefix = $"transcripts/{Uri.EscapeDataString(Source(conversation))}/";
            Assert.True(await transcripts.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }).AnyAsync(), $"no transcript under {prefix}");
        }

        Assert.All(_cluster.DataDirs, directory => Assert.Empty(directory.EnumerateFileSystemInfos("*", SearchOption.AllDirectories)));
        foreach (var client in live.Concat(clients))
        {
            client.Dispose();
        }
    }

    private Task<ServerProcess> StartSiloAsync() =>
        _cluster.StartSiloAsync(new Dictionary<string, string?>
        {
            ["MyBot__Telegram__BotToken"] = _telegram.Token,
            ["MyBot__Telegram__ApiBaseUrl"] = _telegram.Url.ToString(),
            ["MyBot__Telegram__PollTimeout"] = "00:00:02",
            ["MyBot__Telegram__RequestTimeout"] = "00:00:05",
            ["MyBot__Telegram__AccessPolicy"] = "Open",
        });

    private static async Task<TimeSpan> MeasureAsync(Task wait, long since)
    {
        await wait;
        return TimeProvider.System.GetElapsedTime(since);
    }

    private static string Text(int conversation, int message) => $"c{conversation} m{message}";

    private static string Source(int conversation) => $"http:c{conversation}:c{conversation}";

    /// <summary>Message <paramref name="message"/> of every conversation, each conversation through a different server.</summary>
    private static async Task PostRoundAsync(int message, IReadOnlyList<HttpClient> clients)
    {
        foreach (var conversation in Enumerable.Range(1, Conversations))
        {
            var client = clients[(conversation + message) % clients.Count];
            using var response = await client.PostAsJsonAsync(
                "/api/messages", new { user = $"c{conversation}", text = Text(conversation, message), id = $"m{message}" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
    }

    private static Task WaitForAnswersAsync(HttpClient client, int upTo) =>
        Eventually.WaitUntilAsync(
            async () =>
            {
                foreach (var conversation in Enumerable.Range(1, Conversations))
                {
                    if ((await RepliesAsync(client, conversation))?.Count is not { } count || count < upTo)
                    {
                        return false;
                    }
                }

                return true;
            },
            Bound,
            $"every conversation to have {upTo} replies");

    /// <summary>The conversation's replies, or null while the server cannot answer (its grain's silo just died).</summary>
    private static async Task<List<Reply>?> RepliesAsync(HttpClient client, int conversation)
    {
        // A read of a reply log whose silo just died can wait for Orleans' 30 s response timeout; ask again instead.
        using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            using var response = await client.GetAsync(new Uri($"/api/messages?source={Uri.EscapeDataString(Source(conversation))}&after=0&wait=0", UriKind.Relative), attempt.Token);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<List<Reply>>(attempt.Token) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    private sealed record Reply(long Seq, string Id, string Text, DateTimeOffset At);
}
