using System.Net.WebSockets;
using MyBot.TestKit.Llm;
using MyBot.TestKit.Server;

namespace MyBot.Browser.Tests.Support;

/// <summary>
/// The real server process with the scripted LLM and its own data directory, as the browser tests use it: started,
/// killed with SIGKILL and started again on the same port and data directory, so an open page can reconnect.
/// </summary>
public sealed class ChatServer : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _dataDir = Directory.CreateTempSubdirectory("mybot-browser-");
    private readonly Dictionary<string, string?> _settings;

    private ChatServer(ScriptedLlmServer llm, ChatServerOptions options)
    {
        Llm = llm;
        Options = options;
        _settings = new Dictionary<string, string?>(options.Settings)
        {
            ["MyBot__DataDir"] = _dataDir.FullName,
            ["MyBot__Llm__Endpoint"] = llm.Endpoint.ToString(),
            ["MyBot__Llm__Model"] = "scripted-model",
            ["MyBot__Session__RetryBackoff"] = "00:00:00.200",
            ["MyBot__Session__TypingInterval"] = "00:00:01",
        };
        if (options.Token is not null)
        {
            _settings["MyBot__Api__Token"] = options.Token;
        }
    }

    /// <summary>The scripted LLM: echoes by default; <see cref="ScriptedLlmServer.HoldReplies"/> makes a turn wait.</summary>
    public ScriptedLlmServer Llm { get; }

    public ChatServerOptions Options { get; }

    public ServerProcess Process { get; private set; } = null!;

    public Uri Url => Process.Url;

    public Uri SocketUrl => new($"ws://127.0.0.1:{Process.Port}/web/socket");

    public static async Task<ChatServer> StartAsync(ChatServerOptions? options = null)
    {
        var server = new ChatServer(await ScriptedLlmServer.StartAsync(), options ?? new ChatServerOptions());
        try
        {
            server.Process = await ServerProcess.StartAsync(server._settings);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public void Kill() => Process.Kill();

    /// <summary>A new process on the same port and data directory, after <see cref="Kill"/>.</summary>
    public async Task StartAgainAsync()
    {
        var port = Process.Port;
        await Process.DisposeAsync();
        Process = await ServerProcess.StartAsync(_settings, port);
    }

    /// <summary>A WebSocket handshake as a browser on <paramref name="origin"/> would make it (null: no Origin, as a script).</summary>
    public async Task<ClientWebSocket> ConnectSocketAsync(string? origin, string? cookie = null, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        if (cookie is not null)
        {
            socket.Options.SetRequestHeader("Cookie", cookie);
        }

        try
        {
            await socket.ConnectAsync(SocketUrl, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }

        await Llm.DisposeAsync();
        try
        {
            _dataDir.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the dying process; the temp folder is cleaned by the OS later.
        }
    }
}
