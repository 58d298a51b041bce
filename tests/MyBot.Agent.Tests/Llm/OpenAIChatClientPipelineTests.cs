using System.Text.Json;
using Microsoft.Extensions.AI;
using MyBot.Agent.Llm;
using MyBot.TestKit.Llm;

namespace MyBot.Agent.Tests.Llm;

public sealed class OpenAIChatClientPipelineTests : IAsyncLifetime
{
    private ScriptedLlmServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedLlmServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Text_reply_comes_back_with_usage_and_the_configured_model_and_key()
    {
        using var client = CreateClient(apiKey: "sk-test");

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "be brief"), new ChatMessage(ChatRole.User, "hello there")],
            new ChatOptions { Temperature = 0.25f, MaxOutputTokens = 77 });

        Assert.Equal("echo: hello there", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(10, response.Usage?.InputTokenCount);
        Assert.Equal(5, response.Usage?.OutputTokenCount);
        Assert.Equal(15, response.Usage?.TotalTokenCount);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("test-model", request.Model);
        Assert.Equal("Bearer sk-test", request.Authorization);
        Assert.Equal("be brief", request.SystemPrompt);
        Assert.Equal(0.25, request.Temperature!.Value, 3);
        Assert.Equal(77, request.MaxTokens);
    }

    [Fact]
    public async Task Options_model_id_overrides_the_configured_model()
    {
        using var client = CreateClient();

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "other-model" });

        Assert.Equal("other-model", Assert.Single(_server.Requests).Model);
    }

    [Fact]
    public async Task Tool_calls_round_trip_through_function_call_and_result_contents()
    {
        _server.Enqueue(ScriptedReply.WithToolCalls(new ScriptedToolCall("call_1", "get_time", """{"zone":"UTC"}""")));
        using var client = CreateClient();
        var tool = AIFunctionFactory.Create((string zone) => "12:00", "get_time", "Tells the time in a zone.");
        var options = new ChatOptions { Tools = [tool] };
        List<ChatMessage> history = [new(ChatRole.User, "what time is it?")];

        var first = await client.GetResponseAsync(history, options);

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        var call = Assert.Single(first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("call_1", call.CallId);
        Assert.Equal("get_time", call.Name);
        Assert.Equal("UTC", call.Arguments?["zone"]?.ToString());

        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_1", "12:00")]));
        var second = await client.GetResponseAsync(history, options);

        Assert.Equal("echo: what time is it?", second.Text);
        var firstRequest = _server.Requests[0];
        Assert.Equal(["get_time"], firstRequest.ToolNames);
        Assert.Equal("function", firstRequest.Body["tools"]![0]!["type"]!.GetValue<string>());
        var parameters = firstRequest.Body["tools"]![0]!["function"]!["parameters"]!;
        Assert.Equal("string", parameters["properties"]!["zone"]!["type"]!.GetValue<string>());
        var replay = _server.Requests[1].Messages;
        Assert.Equal(["user", "assistant", "tool"], replay.Select(m => m.Role));
        Assert.Equal(["get_time"], replay[1].ToolCallNames);
        Assert.Equal("call_1", replay[2].ToolCallId);
        Assert.Equal("12:00", replay[2].Content);
        var arguments = _server.Requests[1].Body["messages"]![1]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>();
        Assert.Equal("UTC", JsonDocument.Parse(arguments).RootElement.GetProperty("zone").GetString());
    }

    [Fact]
    public async Task Instructions_become_a_leading_system_message()
    {
        using var client = CreateClient();

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { Instructions = "you are a test" });

        Assert.Equal("you are a test", Assert.Single(_server.Requests).SystemPrompt);
    }

    [Theory]
    [InlineData(401, LlmErrorKind.Unauthorized, false)]
    [InlineData(403, LlmErrorKind.Unauthorized, false)]
    [InlineData(400, LlmErrorKind.BadRequest, false)]
    [InlineData(404, LlmErrorKind.BadRequest, false)]
    [InlineData(500, LlmErrorKind.ServerError, true)]
    [InlineData(503, LlmErrorKind.ServerError, true)]
    public async Task Http_errors_map_to_one_exception_kind(int status, LlmErrorKind kind, bool transient)
    {
        _server.Enqueue(ScriptedReply.WithError(status, "model 'x' not available"));
        using var client = CreateClient(apiKey: "sk-secret-value");

        var exception = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal(kind, exception.Kind);
        Assert.Equal(transient, exception.IsTransient);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret-value", exception.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Rate_limit_carries_the_retry_after_and_is_not_retried_inside_the_client()
    {
        _server.Enqueue(ScriptedReply.WithError(429, "slow down", TimeSpan.FromSeconds(7)));
        using var client = CreateClient();

        var exception = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal(LlmErrorKind.RateLimited, exception.Kind);
        Assert.True(exception.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(7), exception.RetryAfter);
        Assert.Contains("slow down", exception.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_reply_slower_than_the_timeout_fails_as_a_transient_timeout()
    {
        using var hold = _server.HoldReplies();
        using var client = CreateClient(timeout: TimeSpan.FromMilliseconds(300));

        var exception = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal(LlmErrorKind.Timeout, exception.Kind);
        Assert.True(exception.IsTransient);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_timeout()
    {
        using var hold = _server.HoldReplies();
        using var client = CreateClient();
        using var cts = new CancellationTokenSource();
        var call = client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: cts.Token);
        await hold.WaitForHeldRequestsAsync(1, TimeSpan.FromSeconds(30));

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_a_transient_server_error()
    {
        var endpoint = _server.Endpoint;
        await _server.DisposeAsync();
        _server = await ScriptedLlmServer.StartAsync();
        using var client = Create(new LlmOptions { Endpoint = endpoint, Model = "m" });

        var exception = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal(LlmErrorKind.ServerError, exception.Kind);
        Assert.True(exception.IsTransient);
    }

    [Fact]
    public async Task Streaming_yields_the_same_text()
    {
        using var client = CreateClient();

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "stream me")]))
        {
            updates.Add(update);
        }

        Assert.Equal("echo: stream me", string.Concat(updates.Select(u => u.Text)));
    }

    private IChatClient CreateClient(string? apiKey = null, TimeSpan? timeout = null) =>
        Create(new LlmOptions { Endpoint = _server.Endpoint, ApiKey = apiKey, Model = "test-model", Timeout = timeout ?? TimeSpan.FromSeconds(30) });

    private static IChatClient Create(LlmOptions options) =>
        OpenAIChatClientPipeline.Create(options, new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, TimeProvider.System, logContent: false);
}
