using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using MyBot.TestKit;

namespace MyBot.Server.Tests.EndToEnd;

public sealed class GroupCommitCrashTests
{
    private const int Sources = 20;

    [Fact]
    public async Task Killed_while_concurrent_writes_share_flushes_every_accepted_message_is_answered_exactly_once()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        var accepted = new ConcurrentBag<(string Source, string Text)>();
        int port;
        await using (var first = await environment.StartServerAsync())
        {
            port = first.Port;
            using var client = first.CreateClient();
            var next = -1;
            var posters = Enumerable.Range(0, 8).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < 10_000)
                {
                    var user = $"u{(i % Sources).ToString(CultureInfo.InvariantCulture)}";
                    var text = $"m{i.ToString(CultureInfo.InvariantCulture)}";
                    try
                    {
                        await MessagesApi.PostAsync(client, user, text, text);
                    }
                    catch (HttpRequestException)
                    {
                        return;
                    }

                    accepted.Add(($"http:{user}:{user}", text));
                }
            }).ToList();
            await Eventually.WaitUntilAsync(() => accepted.Count >= 150, E2eEnvironment.Bound, "150 messages accepted");

            // SIGKILL with posts, the journal's flushes and turns all in flight.
            first.Kill();
            await Task.WhenAll(posters);
        }

        await using var second = await environment.StartServerAsync(port);
        using var restarted = second.CreateClient();
        foreach (var source in accepted.GroupBy(a => a.Source))
        {
            var replies = await MessagesApi.WaitForRepliesAsync(restarted, source.Key, source.Count());
            var texts = replies.Select(r => r.Text).ToList();
            Assert.Equal(texts.Count, texts.Distinct(StringComparer.Ordinal).Count());
            foreach (var (_, text) in source)
            {
                Assert.Contains($"echo: {text}", texts);
            }
        }

        // A turn's transcript lines are durable before its reply is, so every answered message is in its session's
        // transcript after a second kill; the journal keeps a cut append out of the files, so every line there reads (a
        // replayed turn may repeat its lines).
        second.Kill();
        using var offline = new OfflineStore(environment.DataDir);
        var transcripts = offline.Transcripts;
        foreach (var source in accepted.GroupBy(a => a.Source))
        {
            var userTexts = new HashSet<string>(StringComparer.Ordinal);
            foreach (var session in await transcripts.ListSessionsAsync(source.Key, default))
            {
                userTexts.UnionWith((await transcripts.ReadAsync(source.Key, session, default)).Where(e => e.Role == "user").Select(e => e.Text));
            }

            foreach (var (_, text) in source)
            {
                Assert.Contains(text, userTexts);
            }
        }

        var lines = Directory.GetFiles(Path.Combine(environment.DataDir, "transcripts"), "*.jsonl", SearchOption.AllDirectories).SelectMany(File.ReadAllLines);
        Assert.All(lines, line => JsonDocument.Parse(line).Dispose());
    }
}
