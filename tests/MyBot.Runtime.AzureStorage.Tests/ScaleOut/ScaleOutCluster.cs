using System.Globalization;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Llm;
using MyBot.TestKit.Server;

namespace MyBot.Runtime.AzureStorage.Tests.ScaleOut;

/// <summary>
/// Real server processes sharing one Azurite (through counting proxies, so storage calls can be counted) and one
/// scripted LLM, with short lease timings so a kill is noticed in seconds rather than a minute.
/// </summary>
internal sealed class ScaleOutCluster : IAsyncDisposable
{
    public const int Partitions = 8;

    private readonly List<ServerProcess> _replicas = [];
    private readonly string _dataRoot = Directory.CreateTempSubdirectory("mybot-scaleout-").FullName;

    private ScaleOutCluster(AzuriteServer azurite, FaultProxy blobProxy, FaultProxy queueProxy, ScriptedLlmServer llm, AzureStorageAccount observer, string serviceId)
    {
        Azurite = azurite;
        BlobProxy = blobProxy;
        QueueProxy = queueProxy;
        Llm = llm;
        Observer = observer;
        ServiceId = serviceId;
    }

    public AzuriteServer Azurite { get; }

    public FaultProxy BlobProxy { get; }

    public FaultProxy QueueProxy { get; }

    public ScriptedLlmServer Llm { get; }

    /// <summary>The test's own view of the account (directly on Azurite, not counted).</summary>
    public AzureStorageAccount Observer { get; }

    public string ServiceId { get; }

    public IReadOnlyList<ServerProcess> Replicas => _replicas;

    public IEnumerable<ServerProcess> Alive => _replicas.Where(r => !r.HasExited);

    /// <summary>Storage calls the servers made (blob + queue), as seen by the proxies.</summary>
    public long StorageCalls => BlobProxy.Requests + QueueProxy.Requests;

    public static async Task<ScaleOutCluster> StartAsync()
    {
        var azurite = await AzuriteServer.StartAsync();
        var blobProxy = await FaultProxy.StartAsync(new Uri($"http://127.0.0.1:{azurite.BlobPort}"));
        var queueProxy = await FaultProxy.StartAsync(new Uri($"http://127.0.0.1:{azurite.QueuePort}"));
        var llm = await ScriptedLlmServer.StartAsync();
        var serviceId = "scale" + Guid.NewGuid().ToString("N")[..10];
        var observer = TestAccounts.Create(new AzureStorageOptions { ConnectionString = azurite.ConnectionString, ServiceId = serviceId });
        return new ScaleOutCluster(azurite, blobProxy, queueProxy, llm, observer, serviceId);
    }

    /// <param name="overrides">Settings that replace the test timings, e.g. to run with the production defaults.</param>
    public async Task<ServerProcess> StartReplicaAsync(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var index = _replicas.Count;
        var connection =
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.AccountName};AccountKey={AzuriteServer.AccountKey};" +
            $"BlobEndpoint={BlobProxy.Address}{AzuriteServer.AccountName};QueueEndpoint={QueueProxy.Address}{AzuriteServer.AccountName};";
        var environment = new Dictionary<string, string?>
        {
            ["MyBot__DataDir"] = Path.Combine(_dataRoot, index.ToString(CultureInfo.InvariantCulture)),
            ["MyBot__Storage__Provider"] = "AzureStorage",
            ["MyBot__Storage__Azure__ConnectionString"] = connection,
            ["MyBot__Storage__Azure__ServiceId"] = ServiceId,
            ["MyBot__Storage__Azure__LeaseDuration"] = "00:00:15",
            ["MyBot__Storage__Azure__RenewInterval"] = "00:00:02",
            ["MyBot__Storage__Azure__ReplicaExpiry"] = "00:00:10",
            ["MyBot__Storage__Azure__PartitionDrainTime"] = "00:00:01",
            ["MyBot__Runtime__Partitions"] = Partitions.ToString(CultureInfo.InvariantCulture),
            ["MyBot__Runtime__PollInterval"] = "00:00:00.200",
            ["MyBot__Runtime__MaxPollInterval"] = "00:00:02",
            ["MyBot__Runtime__VisibilityTimeout"] = "00:00:10",
            ["MyBot__Llm__Endpoint"] = Llm.Endpoint.ToString(),
            ["MyBot__Llm__ApiKey"] = "scripted",
            ["MyBot__Llm__Model"] = "scripted",
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            ["Logging__LogLevel__System.Net.Http"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var replica = await ServerProcess.StartAsync(environment);
        _replicas.Add(replica);
        return replica;
    }

    /// <summary>Partition → owner replica id, for the partitions currently leased.</summary>
    public async Task<IReadOnlyDictionary<int, string>> LeasedPartitionsAsync()
    {
        var prefix = Observer.Names.PartitionLeasePrefix;
        var blobs = await Observer.Container.ListAsync(prefix, includeMetadata: true, default);
        return blobs
            .Where(b => b.LeaseState == "leased" && b.Metadata.ContainsKey("owner"))
            .ToDictionary(b => int.Parse(b.Name[prefix.Length..], CultureInfo.InvariantCulture), b => b.Metadata["owner"]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        await Llm.DisposeAsync();
        await BlobProxy.DisposeAsync();
        await QueueProxy.DisposeAsync();
        Observer.Dispose();
        await Azurite.DisposeAsync();
        try
        {
            Directory.Delete(_dataRoot, recursive: true);
        }
        catch (IOException)
        {
            // A killed replica's file may still be closing; the temp folder is cleaned by the OS.
        }
    }
}
