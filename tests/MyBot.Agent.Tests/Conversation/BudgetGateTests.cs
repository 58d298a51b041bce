using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MyBot.Agent.Conversation;
using MyBot.Agent.Usage;
using MyBot.Channels;

namespace MyBot.Agent.Tests.Conversation;

public sealed class BudgetGateTests
{
    private static readonly EventSource Source = new("test", "u1", "c1");

    [Fact]
    public async Task A_write_that_failed_after_it_was_applied_is_sent_again_and_still_counts_once()
    {
        var usage = new LostReplyUsageGrain();
        var gate = new BudgetGate(new FakeGrainFactory(TimeProvider.System, usage), Options.Create(new BudgetOptions()), NullLogger<BudgetGate>.Instance);

        await gate.RecordAsync(Source, new UsageRecord("run:0", "gpt-test", 10, 5));

        Assert.Equal(2, usage.Calls);
        Assert.Equal(15, (await usage.GetReportAsync()).TodayTokens);
    }

    /// <summary>Applies every record, but the caller of the first one sees a failure, as when a reply is lost.</summary>
    private sealed class LostReplyUsageGrain : IUsageGrain
    {
        private readonly UsageState _state = new();

        public int Calls { get; private set; }

        public Task RecordAsync(UsageRecord record)
        {
            UsageLedger.Apply(_state, new DateOnly(2026, 5, 5), record);
            return ++Calls == 1 ? Task.FromException(new TimeoutException("The reply was lost.")) : Task.CompletedTask;
        }

        public Task<UsageReport> GetReportAsync() => Task.FromResult(UsageLedger.Report(_state, new DateOnly(2026, 5, 5)));

        public Task<IReadOnlyList<UsageDay>> GetDaysAsync() => Task.FromResult(UsageLedger.Days(_state));
    }
}
