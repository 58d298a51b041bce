using System.Net.Http.Json;
using MyBot.Api.Contracts.Usage;
using MyBot.Server.Tests.EndToEnd;
using MyBot.TestKit;
using MyBot.TestKit.Llm;

namespace MyBot.Server.Tests.Admin;

[Collection(InProcessServerCollection.Name)]
public sealed class UsageAdminEndpointsTests
{
    [Fact]
    public async Task Tokens_and_cost_are_shown_per_user_per_day_with_each_users_budget()
    {
        await using var host = await AdminApiHost.StartAsync(new Dictionary<string, string?>
        {
            ["MyBot:Budget:DailyTokens"] = "1000",
            ["MyBot:Budget:Users:0:Match"] = "http:owner",
            ["MyBot:Budget:Users:0:DailyTokens"] = "0",
            ["MyBot:Usage:Currency"] = "EUR",
            ["MyBot:Usage:Prices:test-model:InputPerMillion"] = "2",
            ["MyBot:Usage:Prices:test-model:OutputPerMillion"] = "10",
        });
        host.Llm.Responder = request => ScriptedReply.Echo(request) with { PromptTokens = 100, CompletionTokens = 20 };

        await MessagesApi.PostAsync(host.Admin, "owner", "one", "u1");
        await MessagesApi.PostAsync(host.Admin, "owner", "two", "u2");
        await MessagesApi.PostAsync(host.Admin, "guest", "three", "u3");
        await MessagesApi.WaitForRepliesAsync(host.Admin, "http:owner:owner", 2);
        await MessagesApi.WaitForRepliesAsync(host.Admin, "http:guest:guest", 1);
        var usage = await Eventually.WaitForAsync(
            async () => await host.Admin.GetFromJsonAsync<UsageOverview>("/api/admin/usage") is { Users.Count: 2 } u ? u : null,
            E2eEnvironment.Bound,
            "both users' usage");

        Assert.Equal(("EUR", 1000L), (usage.Currency, usage.DefaultDailyTokens));
        Assert.Equal([new BudgetRule("http:owner", 0)], usage.Budgets);
        Assert.Equal(["http:guest", "http:owner"], usage.Users.Select(u => u.User));
        var owner = usage.Users[1];
        Assert.Equal((0L, 240L), (owner.DailyLimit, owner.TodayTokens));
        var today = Assert.Single(owner.Days);
        Assert.Equal((usage.Today, 200L, 40L), (today.Day, today.InputTokens, today.OutputTokens));
        Assert.Equal(0.0008m, today.Cost);
        Assert.Equal([new ModelTokens("test-model", 200, 40, 0.0008m)], today.Models);
        var guest = usage.Users[0];
        Assert.Equal((1000L, 120L), (guest.DailyLimit, guest.TodayTokens));
    }
}
