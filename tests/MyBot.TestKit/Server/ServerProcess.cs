using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace MyBot.TestKit.Server;

/// <summary>
/// The real server (<c>dotnet MyBot.Server.dll</c>) as a child process on a free loopback port: started with environment
/// variables, ready once <c>/readyz</c> answers 200, killed with SIGKILL or stopped with SIGTERM, logs captured.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly StringBuilder _logs = new();
    private readonly Lock _gate = new();

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
    }

    public int Port { get; }

    public Uri Url { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Logs
    {
        get
        {
            lock (_gate)
            {
                return _logs.ToString();
            }
        }
    }

    /// <summary>Starts the server and waits until it is ready (or throws with its logs if it exits or takes too long).</summary>
    /// <param name="environment">Settings as environment variables (<c>MyBot__DataDir</c>, ...); the parent's MyBot/OpenAI variables are not inherited.</param>
    /// <param name="port">A fixed port (e.g. the same one across a restart); a free one when null.</param>
    public static async Task<ServerProcess> StartAsync(
        IReadOnlyDictionary<string, string?> environment, int? port = null, TimeSpan? readyTimeout = null, string? workingDirectory = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(environment, port ?? FreePort(), [], workingDirectory);
            try
            {
                await server.WaitUntilReadyAsync(readyTimeout ?? TimeSpan.FromSeconds(90));
                return server;
            }
            catch (Exception exception)
            {
                // A free port is only known free until FreePort releases it: another process may bind it before the
                // server does, which then exits at once. Another free port is tried then, a few times.
                var portTaken = exception is InvalidOperationException && port is null && attempt < 3 && server.ExitedOnTakenPort();
                await server.DisposeAsync();
                if (!portTaken)
                {
                    throw;
                }
            }
        }
    }

    /// <summary>Runs the server expecting it to refuse to start; returns its exit code and logs.</summary>
    public static async Task<(int ExitCode, string Logs)> RunUntilExitAsync(
        IReadOnlyDictionary<string, string?> environment, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        await using var server = Launch(environment, FreePort(), arguments, null);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await server._process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The server did not exit within {timeout}. Logs:\n{server.Logs}");
        }

        return (server._process.ExitCode, server.Logs);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(100) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or an OOM kill.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>SIGTERM and wait for a graceful exit; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
        {
            if (SendSignal(_process.Id, SigTerm) != 0)
            {
                throw new InvalidOperationException($"kill(SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}.");
            }

            using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The server did not stop within the timeout after SIGTERM. Logs:\n{Logs}");
            }
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.WaitUntilAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"The server exited with code {_process.ExitCode} before it was ready. Logs:\n{Logs}");
                }

                try
                {
                    using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            },
            timeout,
            $"the server on port {Port} to be ready (logs so far:\n{Logs})");
    }

    /// <summary>Starts the process without waiting for readiness (the benchmark times start to ready itself).</summary>
    public static ServerProcess Launch(IReadOnlyDictionary<string, string?> environment, int port, IReadOnlyList<string> arguments, string? workingDirectory)
    {
        var dll = RepositoryPaths.ServerDll;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the server first (dotnet build -c {RepositoryPaths.Configuration}); not found: {dll}");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(IsInheritedSetting).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(process, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>
    /// Whether the process exited because a port was in use, as the server's own check says it ("... is already in use
    /// by another process") or Kestrel does ("address already in use"); waits for its last output first.
    /// </summary>
    private bool ExitedOnTakenPort()
    {
        if (!_process.HasExited)
        {
            return false;
        }

        _process.WaitForExit();
        return Logs.Contains("already in use", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsInheritedSetting(string name) =>
        name.StartsWith("MyBot__", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("OPENAI_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _logs.AppendLine(line);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
