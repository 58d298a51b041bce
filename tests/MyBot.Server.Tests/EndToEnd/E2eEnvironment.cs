using System.Net.Http.Json;
using System.Text.Json;
using MyBot.TestKit;
using MyBot.TestKit.Llm;
using MyBot.TestKit.Server;

namespace MyBot.Server.Tests.EndToEnd;

/// <summary>A scripted LLM, a data directory, and the settings that point a real server process at them.</summary>
internal sealed class E2eEnvironment : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _dataDir = Directory.CreateTempSubdirectory("mybot-e2e-");

    private E2eEnvironment(ScriptedLlmServer? llm) => Llm = llm;

    public ScriptedLlmServer? Llm { get; }

    public string DataDir => _dataDir.FullName;

    public Dictionary<string, string?> Settings { get; } = [];

    public static async Task<E2eEnvironment> CreateAsync(bool withLlm = true)
    {
        var environment = new E2eEnvironment(withLlm ? await ScriptedLlmServer.StartAsync() : null);
        environment.Settings["MyBot__DataDir"] = environment.DataDir;
        environment.Settings["MyBot__Session__RetryBackoff"] = "00:00:00.200";
        environment.Settings["Logging__LogLevel__Default"] = "Information";
        if (environment.Llm is not null)
        {
            environment.Settings["MyBot__Llm__Endpoint"] = environment.Llm.Endpoint.ToString();
            environment.Settings["MyBot__Llm__Model"] = "scripted-model";
        }

        return environment;
    }

    public Task<ServerProcess> StartServerAsync(int? port = null) => ServerProcess.StartAsync(Settings, port);

    public async ValueTask DisposeAsync()
    {
        if (Llm is not null)
        {
            await Llm.DisposeAsync();
        }

        try
        {
            _dataDir.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp folder is cleaned by the OS later.
        }
    }
}

/// <summary>The HTTP channel's API as the tests use it.</summary>
internal static class MessagesApi
{
    public static async Task<string> PostAsync(HttpClient client, string user, string text, string? id = null)
    {
        using var response = await client.PostAsJsonAsync("/api/messages", new { user, text, id });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("eventId").GetString()!;
    }

    public static async Task<List<ReplyDto>> GetAsync(HttpClient client, string source, long after = 0, int wait = 0) =>
        await client.GetFromJsonAsync<List<ReplyDto>>($"/api/messages?source={Uri.EscapeDataString(source)}&after={after}&wait={wait}") ?? [];

    /// <summary>Long-polls until at least <paramref name="count"/> replies exist for the source, and returns all of them.</summary>
    public static Task<List<ReplyDto>> WaitForRepliesAsync(HttpClient client, string source, int count) =>
        Eventually.WaitForAsync(
            async () =>
            {
                var replies = await GetAsync(client, source, 0, wait: 5);
                return replies.Count >= count ? replies : null;
            },
            E2eEnvironment.Bound,
            $"{count} replies for {source}");

    internal sealed record ReplyDto(long Seq, string Id, string Text, DateTimeOffset At);
}
