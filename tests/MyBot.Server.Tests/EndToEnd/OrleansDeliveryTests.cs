using System.Net.Http.Json;
using MyBot.TestKit;
using MyBot.TestKit.Llm;
using MyBot.TestKit.Server;

namespace MyBot.Server.Tests.EndToEnd;

/// <summary>What Orleans' stream delivery alone would get wrong, checked through the real server process.</summary>
public sealed class OrleansDeliveryTests
{
    [Fact]
    public async Task A_turn_whose_llm_call_takes_90_seconds_is_answered_once_with_one_llm_call()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        var slow = TimeSpan.FromSeconds(90);
        environment.Llm!.Responder = request => ScriptedReply.Echo(request) with { Latency = slow };
        await using var server = await environment.StartServerAsync();
        using var client = server.CreateClient();

        await MessagesApi.PostAsync(client, "olga", "think long", "s1");

        // Past Orleans' 30 s grain call timeout and the stream's 1 min delivery time: neither may start a second turn.
        var replies = await Eventually.WaitForAsync(
            async () => await MessagesApi.GetAsync(client, "http:olga:olga", 0, wait: 20) is { Count: > 0 } found ? found : null,
            slow + E2eEnvironment.Bound,
            "the slow reply");

        Assert.Equal("echo: think long", Assert.Single(replies).Text);
        Assert.Equal(1, environment.Llm.Requests.Count(r => r.LastUserText == "think long"));
        Assert.Single(await MessagesApi.GetAsync(client, "http:olga:olga"));
    }

    [Fact]
    public async Task Messages_from_50_sources_published_across_two_kills_are_all_answered_exactly_once_in_order()
    {
        const int Sources = 50;
        const int Messages = 200;
        await using var environment = await E2eEnvironment.CreateAsync();
        var port = ServerProcess.FreePort();
        var server = await environment.StartServerAsync(port);
        try
        {
            using var client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(10) };
            for (var i = 0; i < Messages; i++)
            {
                if (i is 70 or 140)
                {
                    server.Kill();
                    await server.DisposeAsync();
                    server = await environment.StartServerAsync(port);
                }

                await PostUntilAcceptedAsync(client, $"u{i % Sources}", $"msg {i}", $"m{i}");
            }

            for (var source = 0; source < Sources; source++)
            {
                var expected = Enumerable.Range(0, Messages).Where(i => i % Sources == source).Select(i => $"echo: msg {i}").ToList();
                var replies = await MessagesApi.WaitForRepliesAsync(client, $"http:u{source}:u{source}", expected.Count);
                Assert.Equal(expected, replies.Select(r => r.Text));
            }

            Assert.All(
                Enumerable.Range(0, Messages),
                i => Assert.True(environment.Llm!.Requests.Count(r => r.LastUserText == $"msg {i}") >= 1, $"msg {i} reached the LLM"));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>
    /// A client that sees no answer (the server was killed, or is still starting) sends the same message again with the
    /// same id, as a phone would; the id makes the second acceptance harmless.
    /// </summary>
    private static Task PostUntilAcceptedAsync(HttpClient client, string user, string text, string id) =>
        Eventually.WaitUntilAsync(
            async () =>
            {
                try
                {
                    using var response = await client.PostAsJsonAsync("/api/messages", new { user, text, id });
                    return response.StatusCode == System.Net.HttpStatusCode.Accepted;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            },
            E2eEnvironment.Bound,
            $"message {id} of {user} to be accepted");
}
