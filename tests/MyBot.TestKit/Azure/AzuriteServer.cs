using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MyBot.TestKit.Server;
using Xunit;

namespace MyBot.TestKit.Azure;

/// <summary>
/// A real Azurite (Azure Storage emulator) on free loopback ports with its data in a temporary folder, installed by
/// scripts/install-test-deps.sh (run on first use when missing). Share one as a class or collection fixture (xunit starts it through
/// <see cref="IAsyncLifetime"/>) and isolate tests by service id; elsewhere use <see cref="StartAsync"/>.
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime, IAsyncDisposable, IDisposable
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's published development key (the same in every installation; not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _executable;
    private readonly string _location;
    private Process? _process;
    private readonly StringBuilder _output = new();

    public AzuriteServer()
    {
        AzuriteInstallation.EnsureInstalled();
        _executable = AzuriteInstallation.Executable;

        _location = Directory.CreateTempSubdirectory("mybot-azurite-").FullName;
    }

    public static async Task<AzuriteServer> StartAsync()
    {
        var server = new AzuriteServer();
        await server.InitializeAsync();
        return server;
    }

    public async Task InitializeAsync()
    {
        // A free port is only known free until it is released for Azurite to bind: another process on the machine may
        // take it first, and Azurite then exits with EADDRINUSE. Fresh ports are tried then, a few times.
        for (var attempt = 1; ; attempt++)
        {
            BlobPort = ServerProcess.FreePort();
            QueuePort = ServerProcess.FreePort();
            TablePort = ServerProcess.FreePort();
            try
            {
                await LaunchAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && Output.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                _process?.Dispose();
                _process = null;
                lock (_output)
                {
                    _output.Clear();
                }
            }
        }
    }

    private async Task LaunchAsync()
    {
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--disableTelemetry", "--skipApiVersionCheck", "--location", _location,
                     "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Eventually.WaitUntilAsync(
                () => process.HasExited || (Answers(BlobPort) && Answers(QueuePort) && Answers(TablePort)),
                TimeSpan.FromSeconds(90),
                "Azurite to listen");
        }
        catch (TimeoutException e)
        {
            Dispose();
            throw new TimeoutException($"{e.Message} Output: {Output}", e);
        }

        if (process.HasExited)
        {
            process.WaitForExit();
            throw new InvalidOperationException($"Azurite exited with {process.ExitCode}: {Output}");
        }
    }

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    public Uri BlobEndpoint => new($"http://127.0.0.1:{BlobPort}/{AccountName}");

    public Uri QueueEndpoint => new($"http://127.0.0.1:{QueuePort}/{AccountName}");

    public Uri TableEndpoint => new($"http://127.0.0.1:{TablePort}/{AccountName}");

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    /// <summary>What Azurite printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public void Dispose()
    {
        if (_process is { } process)
        {
            _process = null;
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the dying process; the temp folder is cleaned by the OS.
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    private static bool Answers(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
