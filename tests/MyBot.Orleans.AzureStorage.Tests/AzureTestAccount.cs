using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MyBot.Orleans.AzureStorage.Hosting;
using MyBot.TestKit.Azure;
using Orleans.Configuration;

namespace MyBot.Orleans.AzureStorage.Tests;

/// <summary>
/// A fresh corner of the shared Azurite: its own service and cluster id (so its own queues, reminder and membership
/// partitions) and its own containers, configured through the same keys the server reads.
/// </summary>
internal sealed class AzureTestAccount : IAsyncDisposable
{
    public const string StreamProvider = "inbound";

    private readonly List<ServiceProvider> _providers = [];

    public AzureTestAccount(AzuriteServer azurite, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Id = "t" + Guid.NewGuid().ToString("N")[..16];
        var values = new Dictionary<string, string?>
        {
            [$"{AzureStorageOptions.SectionName}:ConnectionString"] = azurite.ConnectionString,
            [$"{AzureStorageOptions.SectionName}:ContainerName"] = Id,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        Configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    /// <summary>Service id, cluster id and container name.</summary>
    public string Id { get; }

    public IConfiguration Configuration { get; }

    public string QueueName => AzureStorageSiloBuilderExtensions.QueueNames(Id, StreamProvider, 1)[0];

    /// <summary>
    /// A silo's services wired by <see cref="AzureStorageSiloBuilderExtensions.UseAzureStorage"/>, not started: each call
    /// gives new provider instances over the same storage, as a restarted silo would have. Their clock is
    /// <paramref name="clock"/>, else the system's.
    /// </summary>
    public ServiceProvider CreateSiloServices(TimeProvider? clock = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(Configuration);
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddLogging();
        services.AddOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = Id;
                o.ServiceId = Id;
            });
            silo.UseAzureStorage(Configuration, StreamProvider);
        });
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
    }
}
