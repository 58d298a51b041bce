using MyBot.Agent.Commands;

namespace MyBot.Agent.Tests.Commands;

internal sealed class FakeCommandSession : ICommandSession
{
    public string Agent { get; set; } = "default";

    public int NewSessions { get; private set; }

    public SessionStatus GetStatus() => new(Agent, "gpt-test", 12, true, 1500, 16000, 4321, new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero));

    public Task StartNewSessionAsync(CancellationToken cancellationToken)
    {
        NewSessions++;
        return Task.CompletedTask;
    }

    public Task<string> CompactAsync(CancellationToken cancellationToken) => Task.FromResult("compacted");

    public Task SelectAgentAsync(string agentName, CancellationToken cancellationToken)
    {
        Agent = agentName;
        return Task.CompletedTask;
    }
}
