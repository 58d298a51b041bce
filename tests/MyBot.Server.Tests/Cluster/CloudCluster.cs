using System.Globalization;
using Azure.Data.Tables;
using MyBot.TestKit;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Server;

namespace MyBot.Server.Tests.Cluster;

/// <summary>
/// Real server processes in cloud mode on one Azurite: one cluster and service id of their own, a silo port each,
/// advertised and listened on at 127.0.0.1, and the membership table they share.
/// </summary>
internal sealed class CloudCluster(AzuriteServer azurite, Uri llmEndpoint) : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}"[..20];
    private readonly string _serviceId = $"cluster{Guid.NewGuid():N}"[..20];

    /// <summary>
    /// The cluster's blob container: grain state is named by grain id alone, so two clusters on one Azurite sharing the
    /// default container would read each other's conversations.
    /// </summary>
    public string ContainerName { get; } = $"cluster{Guid.NewGuid():N}"[..20];
    private readonly Lock _gate = new();
    private readonly List<DirectoryInfo> _dataDirs = [];
    private readonly Dictionary<ServerProcess, int> _siloPorts = [];

    public IReadOnlyList<DirectoryInfo> DataDirs
    {
        get
        {
            lock (_gate)
            {
                return [.. _dataDirs];
            }
        }
    }

    /// <param name="settings">Added to (or replacing) the cluster's settings for this silo.</param>
    public async Task<ServerProcess> StartSiloAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var dataDir = Directory.CreateTempSubdirectory("mybot-cluster-");
        var siloPort = ServerProcess.FreePort();
        lock (_gate)
        {
            _dataDirs.Add(dataDir);
        }

        var environment = new Dictionary<string, string?>
        {
            ["MyBot__DataDir"] = dataDir.FullName,
            ["MyBot__Storage__Provider"] = "AzureStorage",
            ["MyBot__Storage__Azure__ConnectionString"] = azurite.ConnectionString,
            ["MyBot__Storage__Azure__ContainerName"] = ContainerName,
            ["MyBot__Streams__Queues"] = "4",
            ["MyBot__Orleans__ClusterId"] = _clusterId,
            ["MyBot__Orleans__ServiceId"] = _serviceId,
            ["MyBot__Orleans__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["MyBot__Orleans__AdvertisedAddress"] = "127.0.0.1",
            ["MyBot__Orleans__ListenOnAny"] = "false",
            ["MyBot__Session__RetryBackoff"] = "00:00:00.200",
            ["MyBot__Llm__Endpoint"] = llmEndpoint.ToString(),
            ["MyBot__Llm__Model"] = "scripted-model",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var silo = await ServerProcess.StartAsync(environment, readyTimeout: Bound, workingDirectory: dataDir.FullName);
        lock (_gate)
        {
            _siloPorts[silo] = siloPort;
        }

        return silo;
    }

    public Task WaitForActiveSilosAsync(int count) =>
        Eventually.WaitUntilAsync(
            async () => (await MembershipAsync()).Count(row => row.Status == "Active") == count,
            Bound,
            $"{count} active silos in the membership table");

    public Task WaitUntilDeclaredDeadAsync(ServerProcess silo)
    {
        int port;
        lock (_gate)
        {
            port = _siloPorts[silo];
        }

        return Eventually.WaitUntilAsync(
            async () => (await MembershipAsync()).Any(row => row.Port == port && row.Status == "Dead"),
            Bound,
            $"the silo on port {port} to be declared dead");
    }

    /// <summary>The warnings and errors every silo logged, for the message of a failed wait.</summary>
    public string Problems()
    {
        lock (_gate)
        {
            return string.Join(
                "\n",
                _siloPorts.Select(silo => $"silo port {silo.Value}{(silo.Key.HasExited ? " (exited)" : string.Empty)}:\n" + string.Join(
                    "\n",
                    silo.Key.Logs.Split('\n').Where(line => line.Contains(" warn: ", StringComparison.Ordinal) || line.Contains(" fail: ", StringComparison.Ordinal)).TakeLast(20))));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _siloPorts.Keys)
        {
            await silo.DisposeAsync();
        }

        foreach (var directory in _dataDirs)
        {
            directory.Delete(recursive: true);
        }
    }

    private async Task<List<(int Port, string Status)>> MembershipAsync()
    {
        var table = new TableClient(azurite.ConnectionString, "OrleansSiloInstances");
        var rows = new List<(int, string)>();
        await foreach (var entity in table.QueryAsync<TableEntity>(entity => entity.PartitionKey == _clusterId))
        {
            if (entity.GetString("Status") is { } status && int.TryParse(entity.GetString("Port"), CultureInfo.InvariantCulture, out var port))
            {
                rows.Add((port, status));
            }
        }

        return rows;
    }
}
