using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Runtime.AzureStorage.Rest;

namespace MyBot.Runtime.AzureStorage;

/// <summary>The configured account: one HTTP client, the container and queue clients, the names, and lazy creation of the container and queues.</summary>
public sealed class AzureStorageAccount : IDisposable
{
    private readonly HttpClient _httpClient;
    private readonly Dictionary<string, Task> _creations = [];
    private readonly Lock _creationsGate = new();

    /// <summary>
    /// Always on the system clock, whatever <see cref="TimeProvider"/> the runtime uses: request dates, timeouts, retry
    /// delays and token lifetimes are checked by the storage service and the identity endpoint against real time.
    /// </summary>
    public AzureStorageAccount(IOptions<AzureStorageOptions> options, ILoggerFactory loggerFactory)
        : this(options.Value, TimeProvider.System, loggerFactory)
    {
    }

    public AzureStorageAccount(AzureStorageOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        Options = options;
        _httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

        IStorageRequestAuthorizer authorizer;
        Uri blobEndpoint;
        Uri queueEndpoint;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            var connection = StorageConnectionString.Parse(options.ConnectionString);
            authorizer = new SharedKeyAuthorizer(connection.AccountName, connection.AccountKey);
            blobEndpoint = connection.BlobEndpoint;
            queueEndpoint = connection.QueueEndpoint;
        }
        else
        {
            var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = Environment.GetEnvironmentVariable("AZURE_CLIENT_ID"),
            });
            authorizer = new BearerTokenAuthorizer(credential, timeProvider);
            blobEndpoint = options.BlobEndpoint ?? throw new InvalidOperationException("MyBot:Storage:Azure:BlobEndpoint is not set.");
            queueEndpoint = options.QueueEndpoint ?? throw new InvalidOperationException("MyBot:Storage:Azure:QueueEndpoint is not set.");
        }

        var retry = StorageRetryPolicy.Default with { MaxRetries = options.MaxRetries, RequestTimeout = options.RequestTimeout };
        Client = new StorageRestClient(_httpClient, authorizer, retry, timeProvider, loggerFactory.CreateLogger<StorageRestClient>());
        Container = new BlobContainerClient(Client, blobEndpoint, options.ContainerName);
        Queues = new QueueServiceClient(Client, queueEndpoint);
        Names = new StorageNames(options.ServiceId);
    }

    public AzureStorageOptions Options { get; }

    public StorageRestClient Client { get; }

    public BlobContainerClient Container { get; }

    public QueueServiceClient Queues { get; }

    public StorageNames Names { get; }

    /// <summary>Creates the container once per process; a failed attempt is tried again on the next call.</summary>
    public Task EnsureContainerAsync(CancellationToken cancellationToken) =>
        EnsureCreatedAsync("container", () => Container.CreateIfNotExistsAsync(CancellationToken.None), cancellationToken);

    /// <summary>Creates the partition's queue once per process and returns its name.</summary>
    public async Task<string> EnsureQueueAsync(int partition, CancellationToken cancellationToken)
    {
        var name = Names.Queue(partition);
        await EnsureCreatedAsync("queue:" + name, () => Queues.CreateIfNotExistsAsync(name, CancellationToken.None), cancellationToken);
        return name;
    }

    private Task EnsureCreatedAsync(string key, Func<Task> create, CancellationToken cancellationToken)
    {
        Task creation;
        lock (_creationsGate)
        {
            if (!_creations.TryGetValue(key, out var existing) || existing.IsFaulted || existing.IsCanceled)
            {
                existing = create();
                _creations[key] = existing;
            }

            creation = existing;
        }

        return creation.WaitAsync(cancellationToken);
    }

    public void Dispose() => _httpClient.Dispose();
}
