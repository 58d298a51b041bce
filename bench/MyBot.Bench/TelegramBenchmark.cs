using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using MyBot.Server.Hosting;
using MyBot.TestKit.Llm;
using MyBot.TestKit.Server;
using MyBot.TestKit.Telegram;

namespace MyBot.Bench;

/// <summary>
/// The real server in-process polling a fake Telegram that enforces Telegram's limits (1 message/s per chat, 30/s per
/// bot), with an instant scripted LLM: delivered messages per second as a share of those limits, 429s, and the delay
/// from an update to its reply.
/// </summary>
internal static class TelegramBenchmark
{
    public static async Task<int> RunAsync(int chats, int perChat, int sequential)
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var llm = await ScriptedLlmServer.StartAsync();
        var dataDir = Directory.CreateTempSubdirectory("mybot-bench-telegram-");
        var port = ServerProcess.FreePort();
        var app = MyBotServer.Build(["--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["MyBot:DataDir"] = dataDir.FullName,
                ["MyBot:Llm:Endpoint"] = llm.Endpoint.ToString(),
                ["MyBot:Llm:Model"] = "bench",
                ["MyBot:Telegram:BotToken"] = telegram.Token,
                ["MyBot:Telegram:ApiBaseUrl"] = telegram.Url.ToString(),
                ["MyBot:Telegram:PollTimeout"] = "00:00:05",
                ["MyBot:Telegram:AccessPolicy"] = "Open",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        try
        {
            await app.StartAsync();

            // Unloaded: one message at a time, each in a chat of its own (so Telegram's per-chat pacing does not count), each waiting for its reply.
            var single = new List<double>();
            for (var i = 0; i < sequential; i++)
            {
                var clock = Stopwatch.StartNew();
                var chat = 1 + i;
                telegram.AddTextMessage(chat, chat, $"ping {i}");
                await WaitAsync(() => telegram.SentTo(chat).Count == 1, TimeSpan.FromSeconds(60));
                single.Add(clock.Elapsed.TotalMilliseconds);
            }

            // Loaded: every chat sends its messages at once.
            var sentBefore = telegram.Sent.Count;
            var limitedBefore = telegram.RateLimitedCount;
            var added = new Dictionary<(long Chat, string Text), DateTimeOffset>();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var load = Stopwatch.StartNew();
            for (var m = 0; m < perChat; m++)
            {
                for (var c = 0; c < chats; c++)
                {
                    var chat = 1000 + c;
                    var text = $"m{m} c{c}";
                    added[(chat, "echo: " + text)] = DateTimeOffset.UtcNow;
                    telegram.AddTextMessage(chat, chat, text);
                }
            }

            var total = chats * perChat;
            await WaitAsync(() => telegram.Sent.Count - sentBefore >= total, TimeSpan.FromMinutes(10));
            var elapsed = load.Elapsed;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var replies = telegram.Sent.Skip(sentBefore).ToList();
            var loaded = replies.Select(r => (r.SentAt - added[(r.ChatId, r.VisibleText)]).TotalMilliseconds).ToList();
            var first = replies.Min(r => r.SentAt);
            var last = replies.Max(r => r.SentAt);
            var rate = (replies.Count - 1) / Math.Max(0.001, (last - first).TotalSeconds);
            var limit = Math.Min(30.0, chats * 1.0);
            var lost = added.Keys.Except(replies.Select(r => (r.ChatId, r.VisibleText))).Count();
            var duplicates = replies.Count - replies.Select(r => (r.ChatId, r.VisibleText)).Distinct().Count();

            Console.WriteLine("| measure | value |");
            Console.WriteLine("| --- | --- |");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| unloaded update→reply ({sequential} messages one after another) | p50 {Percentile(single, 50):0} ms, p99 {Percentile(single, 99):0} ms |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| load | {total} messages over {chats} chats, all at once; done in {elapsed.TotalSeconds:0.0} s |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| delivered rate (first→last reply) | {rate:0.0} msg/s = {100 * rate / limit:0}% of the limit min(30/s, {chats} chats × 1/s) = {limit:0}/s |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| loaded update→reply | p50 {Percentile(loaded, 50):0} ms, p99 {Percentile(loaded, 99):0} ms |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| allocated per delivered message (the whole process: server, fake Telegram, scripted LLM) | {allocated / 1024.0 / total:0.0} KiB |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| 429 answers / ignored retry_after | {telegram.RateLimitedCount - limitedBefore} / {telegram.Violations.Count} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| lost / duplicated replies | {lost} / {duplicates} |"));
            return lost == 0 && duplicates == 0 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            dataDir.Delete(recursive: true);
        }
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException("The benchmark did not finish in time.");
            }

            await Task.Delay(5);
        }
    }
}
