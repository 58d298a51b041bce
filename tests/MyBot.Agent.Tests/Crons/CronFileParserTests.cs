using MyBot.Agent.Crons;
using MyBot.Agent.Workspace;

namespace MyBot.Agent.Tests.Crons;

public sealed class CronFileParserTests
{
    private const string Path = "/ws/crons/news/CRON.md";

    [Fact]
    public void A_complete_file_gives_the_job()
    {
        var job = CronFileParser.Parse(Path, "news", "---\nschedule: \"0 8 * * 1-5\"\nagent: Researcher\ndeliver_to: owner\nenabled: false\n---\nSummarise the news.\n", "Europe/Berlin");

        Assert.Equal(new CronJobDefinition("news", "0 8 * * 1-5", "Europe/Berlin", "researcher", "owner", false, "Summarise the news."), job);
    }

    [Fact]
    public void An_event_source_is_a_target_and_enabled_defaults_to_true()
    {
        var job = CronFileParser.Parse(Path, "news", "---\nschedule: 0 8 * * *\nagent: default\ndeliver_to: telegram:42:42\n---\nGo.", null);

        Assert.Equal("telegram:42:42", job.DeliverTo);
        Assert.True(job.Enabled);
        Assert.Null(job.TimeZone);
    }

    [Theory]
    [InlineData("---\nschedule: \"0 8 * *\"\nagent: default\ndeliver_to: owner\n---\nGo.", 2, "not a 5-field cron expression")]
    [InlineData("---\nschedule: \"0 0 8 * * *\"\nagent: default\ndeliver_to: owner\n---\nGo.", 2, "not a 5-field cron expression")]
    [InlineData("---\nschedule: \"0 8 * * *\"\nagent: default\ndeliver_to: owner\nenabled: sometimes\n---\nGo.", 5, "'enabled' must be true or false")]
    [InlineData("---\nschedule: \"0 8 * * *\"\nagent: default\ndeliver_to: owner\nevery: day\n---\nGo.", 5, "unknown setting 'every'")]
    [InlineData("---\nschedule: \"0 8 * * *\"\nagent: default\ndeliver_to: Not A Target\n---\nGo.", 4, "deliver_to 'Not A Target'")]
    [InlineData("---\nschedule: \"0 8 * * *\"\ndeliver_to: owner\n---\nGo.", 2, "'agent' is missing")]
    [InlineData("---\nschedule: \"0 8 * * *\"\nagent: default\ndeliver_to: owner\n---\n", 6, "the prompt is empty")]
    [InlineData("---\nschedule: */5 * * * *\nagent: default\n---\nGo.", 2, "invalid YAML")]
    public void A_broken_file_is_reported_with_its_line(string text, int line, string problem)
    {
        var error = Assert.Throws<WorkspaceFileException>(() => CronFileParser.Parse(Path, "news", text, null));

        Assert.Equal(line, error.Line);
        Assert.StartsWith($"{Path}({line}): ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
