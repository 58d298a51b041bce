using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using MyBot.Agent.Llm;
using MyBot.Grains.Tests.Support;
using MyBot.TestKit.Channels;

namespace MyBot.Grains.Tests.Identity;

public sealed class IdentityTests : IDisposable
{
    private static readonly EventSource Telegram = new("test", "42", "42");
    private static readonly EventSource Web = new("web", "me", "tab1");
    private readonly RecordingChannel _web = new("web", chunkSize: 100_000);
    private readonly GrainsTestSetup _setup = new() { Time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 5, 9, 0, 0, TimeSpan.Zero)) };

    public IdentityTests()
    {
        _setup.MoreChannels.Add(_web);
        _setup.Settings["MyBot:Identities:owner:0"] = "test:42";
        _setup.Settings["MyBot:Identities:owner:1"] = "web:me";
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_fact_remembered_from_one_platform_is_recalled_from_another_and_each_reply_goes_back_where_its_message_came_from(bool sharedHistory)
    {
        _setup.Settings["MyBot:Identity:SharedHistory"] = sharedHistory ? "true" : "false";
        _setup.Llm
            .CallTool("remember", new Dictionary<string, object?> { ["fact"] = "The owner drinks green tea." })
            .Reply("Noted.")
            .Reply("Green tea.");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        await cluster.PublishAsync(Inbound(Telegram, "1", "Remember that I drink green tea."));
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the answer on the first platform");
        await cluster.PublishAsync(Inbound(Web, "2", "What do I drink?"));
        await cluster.WaitUntilAsync(() => _web.Delivered.Count == 1, "the answer on the second platform");

        Assert.Equal("Noted.", _setup.Channel.Delivered.Single().Text);
        Assert.Equal(Telegram, _setup.Channel.Delivered.Single().Source);
        Assert.Equal("Green tea.", _web.Delivered.Single().Text);
        Assert.Equal(Web, _web.Delivered.Single().Source);
        var recall = _setup.Llm.Requests[2].Messages;
        Assert.Contains("The owner drinks green tea.", recall[0].Text, StringComparison.Ordinal);
        Assert.Equal(sharedHistory, recall.Any(m => m.Role == ChatRole.User && m.Text == "Remember that I drink green tea."));
    }

    [Fact]
    public async Task With_a_shared_history_new_starts_the_conversation_over_on_every_platform()
    {
        _setup.Settings["MyBot:Identity:SharedHistory"] = "true";
        _setup.Llm.Reply("Hello.").Reply("Fresh start.");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        await cluster.PublishAsync(Inbound(Telegram, "1", "Hi there."));
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the greeting");
        await cluster.PublishAsync(Inbound(Web, "2", "/new"));
        await cluster.WaitUntilAsync(() => _web.Delivered.Count == 1, "the new session");
        await cluster.PublishAsync(Inbound(Telegram, "3", "Anything before this?"));
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 2, "the answer after /new");

        Assert.DoesNotContain(_setup.Llm.Requests[1].Messages, m => m.Text == "Hi there.");
    }

    [Fact]
    public async Task A_message_sent_with_send_message_reaches_the_owner_once_when_the_turn_runs_again()
    {
        _setup.Llm
            .CallTool("send_message", new Dictionary<string, object?> { ["text"] = "The build is broken.", ["to"] = "owner" })
            .Then(_ => throw new LlmException(LlmErrorKind.ServerError, "The model is down."))
            .CallTool("send_message", new Dictionary<string, object?> { ["text"] = "The build is broken.", ["to"] = "owner" })
            .Reply("I told the owner.");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        // The owner last wrote from the web, so that is where a message on the agent's initiative goes.
        await cluster.PublishAsync(Inbound(Web, "1", "/status"));
        await cluster.WaitUntilAsync(() => _web.Delivered.Count == 1, "the status");
        var colleague = new EventSource("test", "7", "7");
        await cluster.PublishAsync(Inbound(colleague, "2", "Tell the owner the build is broken."));
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the answer after a retried turn", step: TimeSpan.FromSeconds(1));

        Assert.Equal("I told the owner.", _setup.Channel.Delivered.Single().Text);
        Assert.Equal(colleague, _setup.Channel.Delivered.Single().Source);
        Assert.Equal(["The build is broken."], _web.Delivered.Skip(1).Select(c => c.Text));
        Assert.Equal(4, _setup.Llm.Requests.Count);
    }

    [Fact]
    public async Task A_target_outside_the_allowed_targets_is_refused_with_a_tool_error_and_gets_nothing()
    {
        _setup.Settings["MyBot:SendMessage:AllowedTargets:0"] = "web:family:group";
        var stranger = new EventSource("web", "stranger", "tab9");
        _setup.Llm
            .CallTool("send_message", new Dictionary<string, object?> { ["text"] = "Hello from the bot.", ["to"] = stranger.ToString() })
            .Reply("I may not write there.");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        await cluster.PublishAsync(Inbound(Telegram, "1", "Say hello to web:stranger:tab9."));
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the answer after the refused tool call");

        var result = (string)_setup.Llm.Requests[1].Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single(r => r.CallId == "call-1").Result!;
        Assert.Contains("Error: 'web:stranger:tab9' is not a recipient you may write to; use 'owner' or one of web:family:group.", result, StringComparison.Ordinal);
        Assert.Equal("I may not write there.", _setup.Channel.Delivered.Single().Text);
        Assert.Empty(_web.Delivered);
        Assert.Equal(0, await cluster.Grains.GetGrain<IDeliveryGrain>(stranger.ToString()).PendingCountAsync());
    }

    [Fact]
    public async Task Only_the_owners_accounts_see_the_scheduled_jobs()
    {
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var colleague = new EventSource("test", "7", "7");

        await cluster.PublishAsync(Inbound(colleague, "1", "/crons"));
        await cluster.PublishAsync(Inbound(Web, "2", "/crons"));
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1 && _web.Delivered.Count == 1, "both answers");

        Assert.Equal("Only the owner can see the scheduled jobs.", _setup.Channel.Delivered.Single().Text);
        Assert.StartsWith("No scheduled jobs.", _web.Delivered.Single().Text, StringComparison.Ordinal);
    }

    public void Dispose() => _setup.Dispose();

    private InboundEvent Inbound(EventSource source, string messageId, string text) =>
        new(InboundEvent.CreateId(source, messageId), source, text, _setup.Time!.GetUtcNow(), "pm-" + messageId);
}
