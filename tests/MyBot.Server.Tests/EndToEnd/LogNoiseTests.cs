using MyBot.TestKit.Llm;

namespace MyBot.Server.Tests.EndToEnd;

/// <summary>Expected states and retries are logged briefly: one line each, no stack trace above Debug.</summary>
public sealed class LogNoiseTests
{
    [Fact]
    public async Task Without_an_llm_the_start_says_so_once_and_messages_log_no_error()
    {
        await using var environment = await E2eEnvironment.CreateAsync(withLlm: false);
        await using var server = await environment.StartServerAsync();
        using var client = server.CreateClient();

        await MessagesApi.PostAsync(client, "fay", "hello", "n1");
        await MessagesApi.PostAsync(client, "fay", "hello again", "n2");
        await MessagesApi.WaitForRepliesAsync(client, "http:fay:fay", 2);

        Assert.Single(server.Logs.Split('\n'), line => line.Contains("No LLM is configured", StringComparison.Ordinal));
        Assert.DoesNotContain("NotConfigured", server.Logs, StringComparison.Ordinal);
        Assert.DoesNotContain(" fail: ", server.Logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retried_llm_failure_is_one_line_without_a_stack_trace()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        environment.Llm!.Enqueue(ScriptedReply.WithError(500), ScriptedReply.WithText("recovered"));
        await using var server = await environment.StartServerAsync();
        using var client = server.CreateClient();

        await MessagesApi.PostAsync(client, "gus", "hello", "r1");
        await MessagesApi.WaitForRepliesAsync(client, "http:gus:gus", 1);

        var retry = Assert.Single(server.Logs.Split('\n'), line => line.Contains("Attempt 1 of a turn", StringComparison.Ordinal));
        Assert.Contains("ServerError", retry, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sigterm_stops_the_server_cleanly_without_warnings()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        await using var server = await environment.StartServerAsync();
        var logsBeforeStop = server.Logs.Length;

        var exitCode = await server.StopAsync();

        var shutdown = server.Logs[logsBeforeStop..];
        Assert.Equal(0, exitCode);
        Assert.Contains("Application is shutting down", shutdown, StringComparison.Ordinal);
        Assert.DoesNotContain(" warn: ", shutdown, StringComparison.Ordinal);
        Assert.DoesNotContain(" fail: ", shutdown, StringComparison.Ordinal);
    }
}
