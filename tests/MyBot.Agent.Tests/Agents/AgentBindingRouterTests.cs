using MyBot.Agent.Agents;
using MyBot.Channels;

namespace MyBot.Agent.Tests.Agents;

public sealed class AgentBindingRouterTests
{
    private readonly AgentBindingRouter _router = new(
    [
        new AgentBindingOptions { Match = "telegram", Agent = "phone" },
        new AgentBindingOptions { Match = "telegram:7", Agent = "owner" },
        new AgentBindingOptions { Match = "telegram:*:42", Agent = "group" },
        new AgentBindingOptions { Match = "telegram:7:42", Agent = "owner-in-group" },
        new AgentBindingOptions { Match = "discord:*", Agent = "Discord-Agent" },
    ]);

    [Theory]
    [InlineData("telegram:1:1", "phone")]
    [InlineData("telegram:7:1", "owner")]
    [InlineData("telegram:7", "owner")]
    [InlineData("telegram:1:42", "group")]
    [InlineData("telegram:7:42", "owner-in-group")]
    [InlineData("discord:5", "discord-agent")]
    public void The_most_specific_binding_wins(string source, string agent) =>
        Assert.Equal(agent, _router.Route(EventSource.Parse(source)));

    [Fact]
    public void No_match_routes_nowhere() => Assert.Null(_router.Route(EventSource.Parse("cli:me")));

    [Theory]
    [InlineData("telegram", true)]
    [InlineData("*:*:5", true)]
    [InlineData("a:b:c:d", false)]
    [InlineData(" ", false)]
    [InlineData("telegram::5", false)]
    public void Validates_patterns(string pattern, bool valid) => Assert.Equal(valid, AgentBindingRouter.IsValidPattern(pattern));
}
