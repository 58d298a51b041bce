using MyBot.TestKit;
using MyBot.TestKit.Llm;

namespace MyBot.Server.Tests.EndToEnd;

public sealed class PoisonTests
{
    [Fact]
    public async Task An_event_whose_turn_always_fails_ends_in_the_dead_letters_and_the_user_is_told_while_others_are_served()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        environment.Settings["MyBot__Session__MaxAttempts"] = "3";
        var poisonCalls = 0;
        environment.Llm!.Responder = request =>
        {
            if (request.LastUserText.Contains("poison", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref poisonCalls);
                return ScriptedReply.WithMalformedBody("{\"choices\": \"this is not a completion\"");
            }

            return ScriptedReply.Echo(request);
        };
        await using var server = await environment.StartServerAsync();
        using var client = server.CreateClient();

        var poisonId = await MessagesApi.PostAsync(client, "ivan", "poison pill", "p1");
        await MessagesApi.PostAsync(client, "judy", "still served", "h1");

        var healthy = await MessagesApi.WaitForRepliesAsync(client, "http:judy:judy", 1);
        Assert.Equal("echo: still served", Assert.Single(healthy).Text);
        await Eventually.WaitUntilAsync(() => Volatile.Read(ref poisonCalls) >= 3, E2eEnvironment.Bound, "three attempts at the poison event");
        await MessagesApi.PostAsync(client, "judy", "after the bad one", "h2");
        try
        {
            await MessagesApi.WaitForRepliesAsync(client, "http:judy:judy", 2);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message} Server logs:\n{server.Logs}", exception);
        }

        var told = await MessagesApi.WaitForRepliesAsync(client, "http:ivan:ivan", 1);
        Assert.StartsWith("Sorry, I could not answer this message after 3 tries", Assert.Single(told).Text, StringComparison.Ordinal);
        await server.StopAsync();

        using var store = new OfflineStore(environment.DataDir);
        var letter = Assert.Single(await store.DeadLetters.ListAsync(CancellationToken.None));
        Assert.Equal("http:ivan:ivan", letter.Key);
        Assert.Equal(3, letter.Attempts);
        Assert.Contains(poisonId, letter.Payload, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(letter.Error));
        Assert.Equal(3, poisonCalls);
    }
}
