using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace MyBot.Orleans.AzureStorage.Hosting;

/// <summary>
/// The three service clients, built once from <see cref="AzureStorageOptions"/> and handed to every Orleans provider
/// and to our own blob stores, so one credential, one connection pool and one request counter serve them all.
/// </summary>
public sealed class AzureStorageClients
{
    public const string ClientIdVariable = "AZURE_CLIENT_ID";

    private readonly Lock _containerGate = new();
    private Task? _containerCreation;

    public AzureStorageClients(IOptions<AzureStorageOptions> options, AzureStorageRequestCounter counter)
    {
        var settings = options.Value;
        Options = settings;
        var blobOptions = WithCounter(new BlobClientOptions(), counter, AzureStorageService.Blob);
        var queueOptions = WithCounter(new QueueClientOptions(), counter, AzureStorageService.Queue);
        var tableOptions = WithCounter(new TableClientOptions(), counter, AzureStorageService.Table);
        if (settings.UsesConnectionString)
        {
            Blobs = new BlobServiceClient(settings.ConnectionString, blobOptions);
            Queues = new QueueServiceClient(settings.ConnectionString, queueOptions);
            Tables = new TableServiceClient(settings.ConnectionString, tableOptions);
        }
        else
        {
            var credential = CreateCredential(Environment.GetEnvironmentVariable(ClientIdVariable));
            Blobs = new BlobServiceClient(Required(settings.BlobEndpoint, nameof(settings.BlobEndpoint)), credential, blobOptions);
            Queues = new QueueServiceClient(Required(settings.QueueEndpoint, nameof(settings.QueueEndpoint)), credential, queueOptions);
            Tables = new TableServiceClient(Required(settings.TableEndpoint, nameof(settings.TableEndpoint)), credential, tableOptions);
        }

        Container = Blobs.GetBlobContainerClient(settings.ContainerName);
    }

    public AzureStorageOptions Options { get; }

    public BlobServiceClient Blobs { get; }

    public QueueServiceClient Queues { get; }

    public TableServiceClient Tables { get; }

    /// <summary>Our container (<see cref="AzureStorageOptions.ContainerName"/>): dead letters, transcripts and the agent workspace.</summary>
    public BlobContainerClient Container { get; }

    /// <summary>Creates our container once per process; a failed attempt is tried again by the next caller.</summary>
    public Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        Task creation;
        lock (_containerGate)
        {
            if (_containerCreation is null || _containerCreation.IsFaulted || _containerCreation.IsCanceled)
            {
                _containerCreation = Container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
            }

            creation = _containerCreation;
        }

        return creation.WaitAsync(cancellationToken);
    }

    /// <summary>The user-assigned identity Container Apps names in <c>AZURE_CLIENT_ID</c>; elsewhere the developer's login through the default chain.</summary>
    public static TokenCredential CreateCredential(string? clientId) =>
        string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));

    private static T WithCounter<T>(T options, AzureStorageRequestCounter counter, AzureStorageService service)
        where T : Azure.Core.ClientOptions
    {
        options.AddPolicy(counter.PolicyFor(service), HttpPipelinePosition.PerRetry);
        return options;
    }

    private static Uri Required(Uri? endpoint, string key) =>
        endpoint ?? throw new InvalidOperationException($"{AzureStorageOptions.SectionName}:{key} is not set.");
}
