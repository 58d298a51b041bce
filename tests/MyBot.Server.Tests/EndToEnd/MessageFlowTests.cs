using MyBot.TestKit;
using MyBot.TestKit.Llm;

namespace MyBot.Server.Tests.EndToEnd;

public sealed class MessageFlowTests
{
    [Fact]
    public async Task A_message_gets_the_scripted_reply()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        environment.Llm!.Enqueue(ScriptedReply.WithText("Hello from the scripted model."));
        await using var server = await environment.StartServerAsync();
        using var client = server.CreateClient();

        var eventId = await MessagesApi.PostAsync(client, "alice", "hi there", "m1");
        var replies = await MessagesApi.WaitForRepliesAsync(client, "http:alice:alice", 1);

        var reply = Assert.Single(replies);
        Assert.Equal("Hello from the scripted model.", reply.Text);
        Assert.StartsWith(eventId + "#", reply.Id, StringComparison.Ordinal);
        Assert.Contains(environment.Llm.Requests, r => r.LastUserText.Contains("hi there", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_sent_twice_with_the_same_id_is_answered_once()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        await using var server = await environment.StartServerAsync();
        using var client = server.CreateClient();

        await MessagesApi.PostAsync(client, "bob", "first", "dup-1");
        await MessagesApi.PostAsync(client, "bob", "first", "dup-1");
        await MessagesApi.PostAsync(client, "bob", "second", "dup-2");
        var replies = await MessagesApi.WaitForRepliesAsync(client, "http:bob:bob", 2);

        Assert.Equal(["echo: first", "echo: second"], replies.Select(r => r.Text));
        Assert.Equal(2, environment.Llm!.Requests.Count);
    }

    [Fact]
    public async Task Without_an_llm_the_reply_explains_how_to_configure_one()
    {
        await using var environment = await E2eEnvironment.CreateAsync(withLlm: false);
        await using var server = await environment.StartServerAsync();
        using var client = server.CreateClient();

        await MessagesApi.PostAsync(client, "carol", "anyone there?");
        var reply = Assert.Single(await MessagesApi.WaitForRepliesAsync(client, "http:carol:carol", 1));

        Assert.Contains("MyBot__Llm__Endpoint", reply.Text, StringComparison.Ordinal);
        Assert.Contains("No LLM is configured", server.Logs, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_chat_command_prints_the_reply()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        environment.Llm!.Enqueue(ScriptedReply.WithText("Reply for the terminal."));
        await using var server = await environment.StartServerAsync();

        var (exitCode, output, error) = await MybotCli.RunAsync("chat", "--url", server.Url.ToString(), "--user", "dave", "-m", "hello from the cli");

        Assert.True(exitCode == 0, $"exit {exitCode}; stderr: {error}");
        Assert.Contains("Reply for the terminal.", output, StringComparison.Ordinal);
        Assert.Contains("thinking", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_reads_messages_from_standard_input_until_it_ends()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        await using var server = await environment.StartServerAsync();

        var (exitCode, output, error) = await MybotCli.RunAsync(["chat", "--url", server.Url.ToString(), "--user", "erin"], "one\ntwo\n");

        Assert.True(exitCode == 0, $"exit {exitCode}; stderr: {error}");
        Assert.Contains("echo: one", output, StringComparison.Ordinal);
        Assert.Contains("echo: two", output, StringComparison.Ordinal);
        Assert.True(output.IndexOf("echo: one", StringComparison.Ordinal) < output.IndexOf("echo: two", StringComparison.Ordinal));
    }
}
