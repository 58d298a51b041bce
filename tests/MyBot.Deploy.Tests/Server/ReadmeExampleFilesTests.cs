using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyBot.Agent;
using MyBot.Agent.Agents;
using MyBot.Agent.Crons;
using MyBot.Agent.Identity;
using MyBot.Agent.Skills;

namespace MyBot.Deploy.Tests.Server;

/// <summary>The README's example workspace files (agents, skills, cron jobs) and identities load as they are written there.</summary>
public sealed class ReadmeExampleFilesTests
{
    [Fact]
    public void The_skill_example_parses()
    {
        var skill = SkillFileParser.Parse("skills/trips/SKILL.md", "skills/trips", Example("skills/trips/SKILL.md"));

        Assert.StartsWith("Plans train trips", skill.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void The_agent_examples_parse_with_their_allow_lists()
    {
        var lead = AgentFileParser.Parse("agents/default/AGENT.md", "default", Example("agents/default/AGENT.md"));
        var researcher = AgentFileParser.Parse("agents/researcher/AGENT.md", "researcher", Example("agents/researcher/AGENT.md"));

        Assert.Equal(["trips"], lead.Skills);
        Assert.Equal(["researcher"], lead.Subagents);
        Assert.Contains("web_fetch", researcher.Tools);
    }

    [Fact]
    public void The_cron_job_examples_parse()
    {
        var morning = CronFileParser.Parse("crons/morning/CRON.md", "morning", Example("crons/morning/CRON.md"), "Europe/Berlin");
        var heartbeat = CronFileParser.Parse("crons/heartbeat/CRON.md", "heartbeat", Example("crons/heartbeat/CRON.md"), null);

        Assert.Equal(("0 8 * * 1-5", "default", "owner", true), (morning.Schedule, morning.Agent, morning.DeliverTo, morning.Enabled));
        Assert.Equal("*/30 8-22 * * *", heartbeat.Schedule);
        Assert.Contains("exactly NO_REPLY", heartbeat.Prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void The_identities_example_binds_and_validates()
    {
        using var json = new MemoryStream(Encoding.UTF8.GetBytes(Example("appsettings.json")));
        var configuration = new ConfigurationBuilder().AddJsonStream(json).Build();
        using var services = new ServiceCollection().AddIdentities(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<IdentityOptions>>().Value;

        Assert.True(options.Identity.SharedHistory);
        Assert.Equal("owner", options.Find("telegram:42"));
        Assert.Equal("owner", options.Find("http:me"));
    }

    /// <summary>The fenced block after the line that names the file (<c>`path`:</c>).</summary>
    private static string Example(string path)
    {
        var lines = RepositoryLayout.ReadText("README.md").Split('\n');
        var named = Array.FindIndex(lines, line => line.Trim() == $"`{path}`:");
        Assert.True(named >= 0, $"the README shows {path}");
        var open = Array.FindIndex(lines, named, line => line.StartsWith("```", StringComparison.Ordinal));
        var close = Array.FindIndex(lines, open + 1, line => line.StartsWith("```", StringComparison.Ordinal));
        return string.Join('\n', lines[(open + 1)..close]);
    }
}
