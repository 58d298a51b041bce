using System.Net.Http.Json;
using System.Text.Json;
using MyBot.TestKit;
using MyBot.TestKit.Discord;
using MyBot.TestKit.Llm;
using MyBot.TestKit.Server;

namespace MyBot.Server.Tests.EndToEnd;

/// <summary>The real server process against a fake Discord (gateway + REST on loopback) and the scripted LLM.</summary>
public sealed class DiscordEndToEndTests
{
    private static readonly TimeSpan Bound = E2eEnvironment.Bound;

    [Fact]
    public async Task A_dm_gets_the_scripted_reply_and_a_guild_message_without_a_mention_gets_nothing()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var environment = await CreateEnvironmentAsync(discord);
        await using var server = await environment.StartServerAsync();
        await WaitForGatewayAsync(discord, server);
        var ann = discord.CreateUser("ann");
        var (_, guildChannel) = discord.CreateGuildChannel();

        await discord.SendGuildMessageAsync(guildChannel, ann, "chatting with friends");
        var question = await discord.SendDirectMessageAsync(ann, "hello bot");
        var reply = await WaitForReplyAsync(discord, question.Id);
        var mention = await discord.SendGuildMessageAsync(guildChannel, ann, "are you there?", mentionBot: true);
        var guildReply = await WaitForReplyAsync(discord, mention.Id);

        Assert.Equal("echo: hello bot", reply.Content);
        Assert.Equal(question.ChannelId, reply.ChannelId);
        Assert.Equal("echo: are you there?", guildReply.Content);
        Assert.Equal(2, environment.Llm!.RequestCount);
        Assert.DoesNotContain(environment.Llm.Requests, r => r.LastUserText.Contains("friends", StringComparison.Ordinal));
        Assert.True(discord.TypingCount >= 1);
    }

    [Fact]
    public async Task A_zombie_connection_is_resumed_and_the_message_sent_in_the_gap_is_answered()
    {
        await using var discord = await FakeDiscord.StartAsync();
        discord.HeartbeatIntervalMs = 1000;
        await using var environment = await CreateEnvironmentAsync(discord);
        await using var server = await environment.StartServerAsync();
        await WaitForGatewayAsync(discord, server);
        var ann = discord.CreateUser("ann");

        discord.SilenceCurrentConnection();
        var inGap = await discord.SendDirectMessageAsync(ann, "sent into the silence");
        var reply = await WaitForReplyAsync(discord, inGap.Id);

        Assert.Equal("echo: sent into the silence", reply.Content);
        var stats = discord.GatewayStats;
        Assert.Equal(1, stats.Identifies);
        Assert.True(stats.Resumes >= 1);
        Assert.Contains("zombie", server.Logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_an_invalid_session_the_missed_dms_are_backfilled_and_each_answered_once()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var environment = await CreateEnvironmentAsync(discord);
        await using var server = await environment.StartServerAsync();
        await WaitForGatewayAsync(discord, server);
        var ann = discord.CreateUser("ann");
        var bob = discord.CreateUser("bob");
        var first = await discord.SendDirectMessageAsync(ann, "first");
        await WaitForReplyAsync(discord, first.Id);

        discord.SilenceCurrentConnection();
        var missed = new[]
        {
            await discord.SendDirectMessageAsync(ann, "missed one"),
            await discord.SendDirectMessageAsync(ann, "missed two"),
        };
        var bobFirst = await discord.SendDirectMessageAsync(bob, "bob is new");
        discord.InvalidateSessionOnResume = true;
        await discord.CloseGatewayAsync(4000, "drop");

        foreach (var message in missed)
        {
            await WaitForReplyAsync(discord, message.Id);
        }

        var live = await discord.SendDirectMessageAsync(ann, "after");
        await WaitForReplyAsync(discord, live.Id);

        Assert.Equal(2, discord.GatewayStats.Identifies);
        Assert.Equal(["echo: first", "echo: missed one", "echo: missed two", "echo: after"], discord.SentMessages.Where(m => m.ChannelId == first.ChannelId).Select(m => m.Content));
        Assert.Equal(1, environment.Llm!.Requests.Count(r => r.LastUserText == "missed one"));
        Assert.DoesNotContain(discord.SentMessages, m => m.ReplyToMessageId == bobFirst.Id);
    }

    [Theory]
    [InlineData(4004, "MyBot:Discord:BotToken")]
    [InlineData(4014, "Message Content intent")]
    public async Task A_refused_token_or_intent_stops_the_channel_and_the_server_keeps_serving(int code, string expected)
    {
        await using var discord = await FakeDiscord.StartAsync();
        discord.RejectIdentify = code == 4004;
        discord.DisallowMessageContentIntent = code == 4014;
        await using var environment = await CreateEnvironmentAsync(discord);

        // A channel stopped for good makes the server not ready, so this start does not wait for readiness.
        await using var server = ServerProcess.Launch(environment.Settings, ServerProcess.FreePort(), [], null);

        await Eventually.WaitUntilAsync(() => server.Logs.Contains(expected, StringComparison.Ordinal), Bound, "the fatal Discord error in the log");
        using var client = server.CreateClient();
        await Eventually.WaitUntilAsync(
            async () =>
            {
                try
                {
                    using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
                    return ready.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable
                        && (await ready.Content.ReadAsStringAsync()).Contains("discord: stopped for good", StringComparison.Ordinal);
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            Bound,
            "/readyz to report Discord stopped for good");
        await MessagesApi.PostAsync(client, "carol", "still there?");
        var replies = await MessagesApi.WaitForRepliesAsync(client, "http:carol:carol", 1);

        Assert.Equal("echo: still there?", replies[0].Text);
        Assert.Equal(1, discord.GatewayStats.Connections);
        Assert.False(server.HasExited);
        Assert.DoesNotContain(discord.Token, server.Logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_is_honoured_across_concurrent_deliveries_and_a_403_goes_to_the_dead_letters()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var environment = await CreateEnvironmentAsync(discord);
        await using var server = await environment.StartServerAsync();
        await WaitForGatewayAsync(discord, server);
        var users = Enumerable.Range(0, 4).Select(i => discord.CreateUser($"user{i}")).ToArray();

        discord.EnqueueMessageFailure(FakeDiscordFailure.RateLimited(TimeSpan.FromSeconds(3), global: true));
        var limited = await discord.SendDirectMessageAsync(users[0], "hi from the first");
        await Eventually.WaitUntilAsync(() => discord.Requests.Any(r => r.Status == 429), Bound, "the global 429");
        var during = await Task.WhenAll(users.Skip(1).Select(u => discord.SendDirectMessageAsync(u, $"hi from {u}")));
        foreach (var question in during.Prepend(limited))
        {
            await WaitForReplyAsync(discord, question.Id);
        }

        Assert.Equal(0, discord.RateLimitViolations);
        Assert.Equal(users.Length, discord.SentMessages.Count);

        discord.EnqueueMessageFailure(FakeDiscordFailure.Forbidden);
        var blocked = await discord.SendDirectMessageAsync(discord.CreateUser("blocker"), "you cannot answer me");
        // Through the admin API: the store's files catch up with its journal only at a checkpoint.
        using var admin = server.CreateClient();
        var letter = await Eventually.WaitForAsync(
            async () => (await admin.GetFromJsonAsync<List<JsonElement>>("/api/admin/deadletters") ?? [])
                .Select(l => l.GetRawText())
                .FirstOrDefault(text => text.Contains(blocked.ChannelId, StringComparison.Ordinal)),
            Bound,
            "the dead letter for the 403");

        Assert.Contains("403", letter, StringComparison.Ordinal);
        Assert.DoesNotContain(discord.SentMessages, m => m.ReplyToMessageId == blocked.Id);
    }

    [Fact]
    public async Task A_5000_character_reply_arrives_as_valid_chunks_of_at_most_2000()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var environment = await CreateEnvironmentAsync(discord);
        environment.Llm!.Responder = _ => ScriptedReply.WithText(LongReply());
        await using var server = await environment.StartServerAsync();
        await WaitForGatewayAsync(discord, server);

        var question = await discord.SendDirectMessageAsync(discord.CreateUser("ann"), "long please");
        await Eventually.WaitUntilAsync(() => discord.SentMessages.Count >= 3, Bound, "the chunks");
        var chunks = discord.SentMessages;

        AssertValidChunks(chunks);
        Assert.Equal(question.Id, chunks[0].ReplyToMessageId);
    }

    [Fact]
    public async Task Killed_while_a_chunked_reply_is_half_sent_no_chunk_is_repeated_after_restart()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await using var environment = await CreateEnvironmentAsync(discord);
        environment.Llm!.Responder = _ => ScriptedReply.WithText(LongReply());
        int port;
        await using (var first = await environment.StartServerAsync())
        {
            port = first.Port;
            await WaitForGatewayAsync(discord, first);
            discord.HoldResponsesAfterCreating(1);
            await discord.SendDirectMessageAsync(discord.CreateUser("ann"), "long please");
            await Eventually.WaitUntilAsync(() => discord.SentMessages.Count == 2, Bound, "the second chunk created, its answer held");
            first.Kill();
        }

        discord.ReleaseResponses();
        await using var second = await environment.StartServerAsync(port);
        await Eventually.WaitUntilAsync(() => discord.SentMessages.Count >= 3 && discord.DuplicateNonces >= 1, Bound, "the rest of the reply");
        var chunks = discord.SentMessages;

        AssertValidChunks(chunks);
        Assert.Equal(chunks.Count, chunks.Select(c => c.Content).Distinct().Count());
        Assert.Equal(1, environment.Llm.RequestCount);
    }

    private static string LongReply() =>
        "Here is the plan:\n```python\n" + string.Join("\n", Enumerable.Range(0, 300).Select(i => $"print('step {i}')")) + "\n```\n"
        + string.Join("\n\n", Enumerable.Range(0, 20).Select(i => $"Paragraph {i} explains **one thing** in plain words."));

    private static void AssertValidChunks(IReadOnlyList<FakeSentMessage> chunks)
    {
        Assert.True(chunks.Sum(c => c.Content.Length) >= 5000);
        Assert.All(chunks, c => Assert.InRange(c.Content.Length, 1, 2000));
        Assert.All(chunks, c => Assert.True(c.Content.Split('\n').Count(l => l.TrimStart().StartsWith("```", StringComparison.Ordinal)) % 2 == 0, "a chunk leaves a code block open"));
        Assert.All(chunks.Skip(1), c => Assert.Null(c.ReplyToMessageId));
    }

    private static async Task<E2eEnvironment> CreateEnvironmentAsync(FakeDiscord discord)
    {
        var environment = await E2eEnvironment.CreateAsync();
        environment.Settings["MyBot__Discord__BotToken"] = discord.Token;
        environment.Settings["MyBot__Discord__ApiBaseUrl"] = discord.ApiBaseUrl;
        environment.Settings["MyBot__Discord__AccessPolicy"] = "Open";
        return environment;
    }

    private static Task WaitForGatewayAsync(FakeDiscord discord, TestKit.Server.ServerProcess server) =>
        Eventually.WaitUntilAsync(() => discord.HasLiveSession || server.HasExited, Bound, "the server's Discord gateway session");

    private static Task<FakeSentMessage> WaitForReplyAsync(FakeDiscord discord, string questionId) =>
        Eventually.WaitForAsync(
            () => Task.FromResult(discord.SentMessages.FirstOrDefault(m => m.ReplyToMessageId == questionId)),
            Bound,
            $"the reply to Discord message {questionId}");
}
