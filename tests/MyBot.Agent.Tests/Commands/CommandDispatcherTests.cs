using MyBot.Agent.Commands;
using MyBot.Channels;

namespace MyBot.Agent.Tests.Commands;

public sealed class CommandDispatcherTests
{
    private readonly FakeCommandSession _session = new();
    private readonly CommandDispatcher _dispatcher = new([new NewSessionCommand(), new StatusCommand(), new CompactCommand()]);

    [Theory]
    [InlineData("hello", false)]
    [InlineData("/usr/bin is slow", false)]
    [InlineData("/ new", false)]
    [InlineData("/new", true)]
    [InlineData("  /NEW  ", true)]
    [InlineData("/new@my_bot", true)]
    [InlineData("/agent coder", true)]
    public void Recognises_commands(string text, bool isCommand) => Assert.Equal(isCommand, CommandDispatcher.IsCommand(text));

    [Fact]
    public async Task A_message_is_not_handled() => Assert.Null(await Handle("hi there"));

    [Fact]
    public async Task Runs_the_named_command_also_with_a_bot_suffix()
    {
        var reply = await Handle("/new@my_bot");

        Assert.Contains("fresh conversation", reply, StringComparison.Ordinal);
        Assert.Equal(1, _session.NewSessions);
    }

    [Fact]
    public async Task An_unknown_command_lists_the_commands()
    {
        var reply = await Handle("/frobnicate now");

        Assert.Contains("I don't know the command `/frobnicate`", reply, StringComparison.Ordinal);
        Assert.Contains("`/new`", reply, StringComparison.Ordinal);
        Assert.Contains("`/help`", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_command()
    {
        var reply = await Handle("/help");

        Assert.Contains("`/status`: agent, model", reply, StringComparison.Ordinal);
        Assert.Contains("`/compact`", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_shows_agent_model_messages_tokens_and_age()
    {
        var reply = await Handle("/status", new DateTimeOffset(2026, 1, 1, 12, 30, 0, TimeSpan.Zero));

        Assert.Contains("Agent: default", reply, StringComparison.Ordinal);
        Assert.Contains("Model: gpt-test", reply, StringComparison.Ordinal);
        Assert.Contains("Messages: 12 (older ones summarised)", reply, StringComparison.Ordinal);
        Assert.Contains("4,321", reply, StringComparison.Ordinal);
        Assert.Contains("2 h 30 min ago", reply, StringComparison.Ordinal);
    }

    private Task<string?> Handle(string text, DateTimeOffset? now = null) =>
        _dispatcher.TryHandleAsync(new CommandContext(EventSource.Parse("cli:me"), _session, now ?? DateTimeOffset.UnixEpoch), text, default);
}
