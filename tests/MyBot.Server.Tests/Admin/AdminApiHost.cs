using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using MyBot.Server.Hosting;
using MyBot.TestKit;
using MyBot.TestKit.Llm;
using MyBot.TestKit.Server;

namespace MyBot.Server.Tests.Admin;

/// <summary>The real server in-process on a loopback port with an API token and the scripted LLM; stopped by the test that started it.</summary>
internal sealed class AdminApiHost : IAsyncDisposable
{
    public const string Token = "admin-api-tests-token-0123456789";

    private readonly WebApplication _app;
    private readonly TempDirectory _dataDir;

    private AdminApiHost(WebApplication app, TempDirectory dataDir, ScriptedLlmServer llm, Uri url)
    {
        _app = app;
        _dataDir = dataDir;
        Llm = llm;
        Url = url;
        Admin = new HttpClient { BaseAddress = url };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Anonymous = new HttpClient { BaseAddress = url };
    }

    public Uri Url { get; }

    public ScriptedLlmServer Llm { get; }

    /// <summary>Presents the API token.</summary>
    public HttpClient Admin { get; }

    public HttpClient Anonymous { get; }

    /// <param name="settings">More configuration (<c>MyBot:...</c> keys), e.g. a channel's.</param>
    /// <param name="prepare">Runs on the data directory before the server starts (a workspace's files).</param>
    public static async Task<AdminApiHost> StartAsync(IDictionary<string, string?>? settings = null, Action<string>? prepare = null)
    {
        var llm = await ScriptedLlmServer.StartAsync();
        var dataDir = new TempDirectory();
        prepare?.Invoke(dataDir.Path);
        var url = new Uri($"http://127.0.0.1:{ServerProcess.FreePort().ToString(CultureInfo.InvariantCulture)}");
        var app = MyBotServer.Build(["--urls", url.ToString()], builder =>
        {
            var configuration = new Dictionary<string, string?>
            {
                ["MyBot:DataDir"] = dataDir.Path,
                ["MyBot:Api:Token"] = Token,
                ["MyBot:Llm:Endpoint"] = llm.Endpoint.ToString(),
                ["MyBot:Llm:Model"] = "test-model",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                configuration[key] = value;
            }

            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        return new AdminApiHost(app, dataDir, llm, url);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        Anonymous.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Llm.DisposeAsync();
        _dataDir.Dispose();
    }
}
