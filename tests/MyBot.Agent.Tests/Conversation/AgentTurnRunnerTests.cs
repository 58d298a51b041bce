using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyBot.Agent.Agents;
using MyBot.Agent.Conversation;
using MyBot.Agent.History;
using MyBot.Agent.Llm;
using MyBot.Agent.Usage;
using MyBot.Channels;
using MyBot.TestKit.Llm;
using MyBot.TestKit;
using MyBot.TestKit.Time;

namespace MyBot.Agent.Tests.Conversation;

public sealed class AgentTurnRunnerTests : IDisposable
{
    private const string Key = "telegram:7:7";
    private static readonly EventSource Source = EventSource.Parse(Key);
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly ScriptedChatClient _llm = new();
    private readonly MemoryTranscriptStore _transcripts = new();
    private readonly FakeGrainFactory _grains;
    private readonly Dictionary<string, string?> _settings;
    private ServiceProvider? _provider;
    private int _messageNumber;

    public AgentTurnRunnerTests()
    {
        _grains = new FakeGrainFactory(_time);
        _settings = new Dictionary<string, string?>
        {
            ["MyBot:DataDir"] = _directory.Path,
            ["MyBot:Llm:Model"] = "gpt-test",
            ["MyBot:TimeZone"] = "Europe/Berlin",
        };
    }

    private AgentTurnRunner Runner => (_provider ??= BuildProvider()).GetRequiredService<AgentTurnRunner>();

    [Fact]
    public async Task A_message_goes_to_the_llm_with_the_agents_prompt_and_is_kept_in_history_and_transcript()
    {
        _llm.Reply("Hello!", inputTokens: 30, outputTokens: 4);
        var state = new AgentSessionState();

        var outcome = await Runner.RunAsync(Key, state, Inbound("hi"), default);

        Assert.Equal("Hello!", outcome.Reply);
        Assert.True(outcome.CalledLlm);
        var request = Assert.Single(_llm.Requests);
        Assert.StartsWith("You are MyBot", request.Messages[0].Text, StringComparison.Ordinal);
        Assert.Equal("gpt-test", request.Options!.ModelId);
        Assert.Equal(["hi", "Hello!"], state.History.Recent.Select(m => m.Text));
        Assert.Equal(34, state.History.Tokens);
        var transcript = await _transcripts.ReadAsync(Key, state.History.SessionId, default);
        Assert.Equal(["user", "assistant"], transcript.Select(e => e.Role));
        Assert.Equal(34, (await _grains.GetGrain<IUsageGrain>("telegram:7").GetReportAsync()).TodayTokens);
    }

    [Fact]
    public async Task A_configured_system_prompt_is_the_default_agents_prompt()
    {
        _settings["MyBot:Llm:SystemPrompt"] = "You are a pirate.";
        _llm.Reply("Arr!", inputTokens: 10, outputTokens: 2);

        await Runner.RunAsync(Key, new AgentSessionState(), Inbound("hi"), default);

        Assert.StartsWith("You are a pirate.", Assert.Single(_llm.Requests).Messages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_are_answered_without_the_llm()
    {
        var state = new AgentSessionState();

        var outcome = await Runner.RunAsync(Key, state, Inbound("/nonsense"), default);

        Assert.False(outcome.CalledLlm);
        Assert.Contains("I don't know the command", outcome.Reply, StringComparison.Ordinal);
        Assert.Empty(_llm.Requests);
    }

    [Fact]
    public async Task New_starts_a_fresh_session_and_keeps_the_old_transcript()
    {
        _llm.Reply("first answer").Reply("second answer");
        var state = new AgentSessionState();
        await Runner.RunAsync(Key, state, Inbound("first"), default);
        var firstSession = state.History.SessionId;

        await Runner.RunAsync(Key, state, Inbound("/new"), default);
        await Runner.RunAsync(Key, state, Inbound("second"), default);

        Assert.NotEqual(firstSession, state.History.SessionId);
        Assert.Equal(2, _llm.Requests[1].Messages.Count);
        Assert.Contains("first answer", (await _transcripts.ReadAsync(Key, firstSession, default)).Select(e => e.Text));
        Assert.Equal(2, (await _transcripts.ListSessionsAsync(Key, default)).Count);
    }

    [Fact]
    public async Task Over_budget_answers_without_the_llm()
    {
        _settings["MyBot:Budget:DailyTokens"] = "100";
        await _grains.GetGrain<IUsageGrain>("telegram:7").RecordAsync(new UsageRecord("earlier", "gpt-test", 90, 10));

        var outcome = await Runner.RunAsync(Key, new AgentSessionState(), Inbound("hi"), default);

        Assert.False(outcome.CalledLlm);
        Assert.Contains("today's budget of 100 tokens", outcome.Reply, StringComparison.Ordinal);
        Assert.Empty(_llm.Requests);
    }

    [Fact]
    public async Task A_compaction_that_uses_up_the_budget_ends_the_turn_before_the_answer_is_asked_for()
    {
        _settings["MyBot:Budget:DailyTokens"] = "100";
        _settings["MyBot:History:MaxRecentMessages"] = "10";
        _llm.Reply("the summary", inputTokens: 120, outputTokens: 30).Reply("An answer the user must not get today.");
        var state = new AgentSessionState { History = ConversationHistory.Start(_time.GetUtcNow()) };
        for (var i = 0; i < 12; i++)
        {
            state.History.Recent.Add(new HistoryMessage(i % 2 == 0 ? HistoryMessage.User : HistoryMessage.Assistant, $"message {i}", _time.GetUtcNow()));
        }

        var outcome = await Runner.RunAsync(Key, state, Inbound("hi"), default);

        Assert.StartsWith("You maintain", Assert.Single(_llm.Requests).Messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("today's budget of 100 tokens (150 used) while I was working on this message", outcome.Reply, StringComparison.Ordinal);
        Assert.Equal("the summary", state.History.Summary);
        Assert.Equal(outcome.Reply, state.History.Recent[^1].Text);
        Assert.Equal(150, (await _grains.GetGrain<IUsageGrain>("telegram:7").GetReportAsync()).TodayTokens);
    }

    [Fact]
    public async Task Remembered_facts_are_in_the_system_prompt_of_a_later_session()
    {
        _llm.CallTool("remember", new Dictionary<string, object?> { ["fact"] = "The user's cat is called Tom." }).Reply("Noted.").Reply("Your cat is Tom.");
        var state = new AgentSessionState();
        await Runner.RunAsync(Key, state, Inbound("remember my cat is Tom"), default);

        await Runner.RunAsync(Key, state, Inbound("/new"), default);
        await Runner.RunAsync(Key, state, Inbound("what is my cat called?"), default);

        Assert.Contains("m1: The user's cat is called Tom.", _llm.Requests[2].Messages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_switching_uses_the_chosen_agents_prompt_and_model()
    {
        var folder = Path.Combine(_directory.Path, "workspace", "agents", "pirate");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "AGENT.md"), "---\ndescription: Talks like a pirate\nmodel: gpt-pirate\n---\nYou are a pirate.");
        _llm.Reply("Arr.");
        var state = new AgentSessionState();

        var switched = await Runner.RunAsync(Key, state, Inbound("/agent pirate"), default);
        await Runner.RunAsync(Key, state, Inbound("hello"), default);

        Assert.Contains("now talks to **pirate**", switched.Reply, StringComparison.Ordinal);
        Assert.Equal("You are a pirate.", _llm.Requests[0].Messages[0].Text);
        Assert.Equal("gpt-pirate", _llm.Requests[0].Options!.ModelId);
    }

    [Fact]
    public async Task State_stays_bounded_over_many_turns()
    {
        _settings["MyBot:History:ContextTokens"] = "2000";
        _llm.Otherwise = messages => ScriptedChatClient.Response(new ChatMessage(ChatRole.Assistant, messages[0].Text.StartsWith("You maintain", StringComparison.Ordinal) ? "summary" : new string('a', 300)), 100, 50);
        var state = new AgentSessionState();

        var sizes = new List<int>();
        for (var i = 0; i < 200; i++)
        {
            await Runner.RunAsync(Key, state, Inbound(new string('q', 300)), default);
            sizes.Add(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(state).Length);
        }

        Assert.True(sizes[^1] < 2 * sizes[50], $"state grew from {sizes[50]} to {sizes[^1]} bytes");
        Assert.Equal("summary", state.History.Summary);
        Assert.Equal(400, state.History.MessageCount);
        Assert.All(_llm.Requests, r => Assert.True(r.Messages.Sum(m => TokenEstimator.Estimate(m.Text)) <= 2000));
    }

    [Fact]
    public async Task An_allowed_skill_is_listed_by_name_and_description_and_loaded_when_the_model_asks()
    {
        WriteWorkspaceFile("agents/default/AGENT.md", "---\nskills: [trips]\n---\nYou help.");
        WriteWorkspaceFile("skills/trips/SKILL.md", "---\nname: trips\ndescription: Plans train trips.\n---\nAlways ask for the dates first.");
        WriteWorkspaceFile("skills/trips/docs/stations.md", "Berlin Hbf");
        _llm.CallTool("use_skill", new Dictionary<string, object?> { ["name"] = "trips" }, "c1")
            .CallTool("use_skill", new Dictionary<string, object?> { ["name"] = "trips", ["file"] = "docs/stations.md" }, "c2")
            .Reply("From which station?");

        var outcome = await Runner.RunAsync(Key, new AgentSessionState(), Inbound("plan a trip"), default);

        Assert.Equal("From which station?", outcome.Reply);
        var first = _llm.Requests[0];
        Assert.Contains("\n- trips: Plans train trips.", first.Messages[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Always ask for the dates first.", first.Messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("use_skill", first.Options!.Tools!.Select(t => t.Name));
        var body = ToolResult(_llm.Requests[1], "c1");
        Assert.StartsWith("<tool-output tool=\"use_skill\" trust=\"untrusted\">", body, StringComparison.Ordinal);
        Assert.Contains("Always ask for the dates first.", body, StringComparison.Ordinal);
        Assert.Contains("docs/stations.md", body, StringComparison.Ordinal);
        Assert.Contains("Berlin Hbf", ToolResult(_llm.Requests[2], "c2"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_skill_the_agent_does_not_allow_is_neither_listed_nor_loaded()
    {
        WriteWorkspaceFile("agents/default/AGENT.md", "---\nskills: [trips]\n---\nYou help.");
        WriteWorkspaceFile("agents/plain/AGENT.md", "---\n---\nYou help plainly.");
        WriteWorkspaceFile("skills/trips/SKILL.md", "---\nname: trips\ndescription: Plans train trips.\n---\nAsk for dates.");
        WriteWorkspaceFile("skills/payroll/SKILL.md", "---\nname: payroll\ndescription: Pays people.\n---\nThe payroll secret.");
        _llm.CallTool("use_skill", new Dictionary<string, object?> { ["name"] = "payroll" }, "c1").Reply("I cannot.").Reply("Plain answer.");
        var state = new AgentSessionState();

        await Runner.RunAsync(Key, state, Inbound("pay me"), default);
        await Runner.RunAsync(Key, state, Inbound("/agent plain"), default);
        await Runner.RunAsync(Key, state, Inbound("hello"), default);

        Assert.DoesNotContain("payroll", _llm.Requests[0].Messages[0].Text, StringComparison.Ordinal);
        var refused = ToolResult(_llm.Requests[1], "c1");
        Assert.Contains("there is no skill 'payroll' available to you. Available skills: trips.", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("The payroll secret.", refused, StringComparison.Ordinal);
        var plain = _llm.Requests[2];
        Assert.DoesNotContain("Skills:", plain.Messages[0].Text, StringComparison.Ordinal);
        Assert.True(plain.Options!.Tools is null || plain.Options.Tools.All(t => t.Name != "use_skill"));
    }

    public void Dispose()
    {
        _provider?.Dispose();
        _directory.Dispose();
    }

    private void WriteWorkspaceFile(string relativePath, string content)
    {
        var path = Path.Combine(_directory.Path, "workspace", relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static string ToolResult((List<ChatMessage> Messages, ChatOptions? Options) request, string callId) =>
        (string)request.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single(r => r.CallId == callId).Result!;

    private InboundEvent Inbound(string text) =>
        new(InboundEvent.CreateId(Source, $"{++_messageNumber}"), Source, text, _time.GetUtcNow());

    private ServiceProvider BuildProvider()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<Orleans.IGrainFactory>(_grains);
        services.AddSingleton<IChatClient>(_llm);
        services.AddSingleton<ITranscriptStore>(_transcripts);
        services.AddOptions<LlmOptions>().Bind(configuration.GetSection(LlmOptions.SectionName));
        services.AddAgentFeatures(configuration);
        return services.BuildServiceProvider();
    }
}
