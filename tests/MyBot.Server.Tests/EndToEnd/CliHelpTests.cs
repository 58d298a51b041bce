namespace MyBot.Server.Tests.EndToEnd;

public sealed class CliHelpTests
{
    [Fact]
    public async Task The_interactive_cli_says_how_to_get_help_and_help_lists_exit_without_markdown()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        await using var server = await environment.StartServerAsync();

        var (exitCode, output, error) = await MybotCli.RunAsync(["chat", "--url", server.Url.ToString(), "--user", "hal"], "/help\n");

        Assert.True(exitCode == 0, $"exit {exitCode}; stderr: {error}");
        Assert.Contains("Type /help", error, StringComparison.Ordinal);
        Assert.Contains("/help", output, StringComparison.Ordinal);
        Assert.Contains("/exit", output, StringComparison.Ordinal);
        Assert.DoesNotContain('`', output);
        Assert.Equal(0, environment.Llm!.RequestCount);
    }
}
