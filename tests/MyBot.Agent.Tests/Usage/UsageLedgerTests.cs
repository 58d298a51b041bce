using MyBot.Agent.Usage;

namespace MyBot.Agent.Tests.Usage;

public sealed class UsageLedgerTests
{
    [Fact]
    public void Sums_today_and_this_month_by_model()
    {
        var state = new UsageState();
        UsageLedger.Record(state, new DateOnly(2026, 3, 1), "a", 100, 10);
        UsageLedger.Record(state, new DateOnly(2026, 3, 2), "a", 50, 5);
        UsageLedger.Record(state, new DateOnly(2026, 3, 2), "b", 7, 3);
        UsageLedger.Record(state, new DateOnly(2026, 2, 28), "a", 1000, 0);

        var report = UsageLedger.Report(state, new DateOnly(2026, 3, 2));

        Assert.Equal(65, report.TodayTokens);
        Assert.Equal(175, report.MonthTokens);
        Assert.Equal(150, report.MonthByModel["a"].InputTokens);
        Assert.Equal(65, UsageLedger.TokensOn(state, new DateOnly(2026, 3, 2)));
    }

    [Fact]
    public void Keeps_only_this_and_the_previous_month()
    {
        var state = new UsageState();
        for (var day = new DateOnly(2025, 1, 1); day < new DateOnly(2026, 1, 1); day = day.AddDays(1))
        {
            UsageLedger.Record(state, day, "a", 1, 1);
        }

        Assert.True(state.Days.Count <= 62);
        Assert.Equal(new DateOnly(2025, 11, 1), state.Days.Min(d => d.Day));
    }

    [Fact]
    public void Budget_limits_pick_the_most_specific_user_match()
    {
        var options = new BudgetOptions
        {
            DailyTokens = 1000,
            Users =
            [
                new UserBudgetOptions { Match = "telegram:*", DailyTokens = 5000 },
                new UserBudgetOptions { Match = "telegram:42", DailyTokens = 0 },
            ],
        };

        Assert.Equal(1000, options.DailyLimitFor("discord", "1"));
        Assert.Equal(5000, options.DailyLimitFor("telegram", "1"));
        Assert.Equal(0, options.DailyLimitFor("telegram", "42"));
    }

    [Fact]
    public void Cost_is_estimated_from_configured_prices()
    {
        var options = new UsageOptions { Prices = { ["gpt-x"] = new ModelPrice { InputPerMillion = 2m, OutputPerMillion = 8m } } };

        Assert.Equal(0.0028m, options.EstimateCost("GPT-X", new ModelUsage { InputTokens = 1000, OutputTokens = 100 }));
        Assert.Null(options.EstimateCost("other", new ModelUsage()));
    }

    [Fact]
    public void The_remembered_record_ids_stay_bounded()
    {
        var state = new UsageState();
        var day = new DateOnly(2026, 5, 5);
        for (var i = 0; i < UsageLedger.RecordIdWindow * 3; i++)
        {
            Assert.True(UsageLedger.Apply(state, day, new UsageRecord($"r{i}", "m", 1, 0)));
        }

        Assert.Equal(UsageLedger.RecordIdWindow, state.RecentRecordIds.Count);
        Assert.False(UsageLedger.Apply(state, day, new UsageRecord($"r{(UsageLedger.RecordIdWindow * 3) - 1}", "m", 1, 0)));
        Assert.Equal(UsageLedger.RecordIdWindow * 3, UsageLedger.TokensOn(state, day));
    }
}
