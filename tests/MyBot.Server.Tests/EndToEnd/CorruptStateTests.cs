namespace MyBot.Server.Tests.EndToEnd;

public sealed class CorruptStateTests
{
    [Fact]
    public async Task A_corrupt_session_file_is_named_moved_aside_and_every_other_session_keeps_working()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        await using (var first = await environment.StartServerAsync())
        {
            using var client = first.CreateClient();
            await MessagesApi.PostAsync(client, "kim", "hello", "c1");
            await MessagesApi.PostAsync(client, "leo", "hello", "c2");
            await MessagesApi.WaitForRepliesAsync(client, "http:kim:kim", 1);
            await MessagesApi.WaitForRepliesAsync(client, "http:leo:leo", 1);
            await first.StopAsync();
        }

        string corruptPath;
        using (var store = new OfflineStore(environment.DataDir))
        {
            corruptPath = store.StatePath("session", "session", "http:kim:kim");
            Assert.True(File.Exists(corruptPath), corruptPath);
            await File.WriteAllTextAsync(corruptPath, "\0\0 not a state file {{{");
        }

        await using var second = await environment.StartServerAsync();
        using var again = second.CreateClient();
        await MessagesApi.PostAsync(again, "leo", "still fine?", "c3");
        await MessagesApi.PostAsync(again, "kim", "are you there?", "c4");

        var leo = await MessagesApi.WaitForRepliesAsync(again, "http:leo:leo", 2);
        var kim = await MessagesApi.WaitForRepliesAsync(again, "http:kim:kim", 2);

        Assert.Equal("echo: still fine?", leo[^1].Text);
        Assert.Equal("echo: are you there?", kim[^1].Text);
        Assert.Contains(corruptPath, second.Logs, StringComparison.Ordinal);

        // The fresh state is in the journal while the server runs; a graceful stop checkpoints it into its file.
        await second.StopAsync();
        Assert.True(File.Exists(corruptPath), "a fresh state file replaces the corrupt one");
        Assert.NotEqual("\0\0 not a state file {{{", await File.ReadAllTextAsync(corruptPath));
        var quarantined = Directory.GetFiles(Path.Combine(environment.DataDir), "*", SearchOption.AllDirectories)
            .Where(path => path.Contains("corrupt", StringComparison.Ordinal));
        Assert.Contains(quarantined, path => File.ReadAllText(path) == "\0\0 not a state file {{{");
    }
}
