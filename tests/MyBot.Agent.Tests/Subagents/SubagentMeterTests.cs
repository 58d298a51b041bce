using Microsoft.Extensions.AI;
using MyBot.Agent.Subagents;
using MyBot.Agent.Tools;

namespace MyBot.Agent.Tests.Subagents;

public sealed class SubagentMeterTests
{
    [Fact]
    public async Task Stops_the_task_at_its_own_budget_and_counts_every_call_to_the_user()
    {
        var user = new CountingMeter();
        var meter = new SubagentMeter(user, "researcher", maxTokens: 61);

        for (var call = 0; call < 2; call++)
        {
            Assert.Null(await meter.BeforeCallAsync(default));
            await meter.AfterCallAsync("gpt-test", new UsageDetails { InputTokenCount = 20, OutputTokenCount = 10 }, default);
        }

        Assert.Null(await meter.BeforeCallAsync(default));
        await meter.AfterCallAsync("gpt-test", new UsageDetails { TotalTokenCount = 5 }, default);

        Assert.Equal("The agent 'researcher' stopped: the task used 65 tokens of its budget of 61 before it had an answer.", await meter.BeforeCallAsync(default));
        Assert.Equal(65, user.Tokens);
    }

    [Fact]
    public async Task The_users_refusal_still_applies()
    {
        var meter = new SubagentMeter(new CountingMeter { Refusal = "over today's budget" }, "researcher", maxTokens: 0);

        Assert.Equal("over today's budget", await meter.BeforeCallAsync(default));
    }

    private sealed class CountingMeter : ILlmCallMeter
    {
        public long Tokens { get; private set; }

        public string? Refusal { get; init; }

        public Task<string?> BeforeCallAsync(CancellationToken cancellationToken) => Task.FromResult(Refusal);

        public Task AfterCallAsync(string model, UsageDetails usage, CancellationToken cancellationToken)
        {
            Tokens += usage.TotalTokenCount ?? (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0);
            return Task.CompletedTask;
        }
    }
}
