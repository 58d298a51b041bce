using System.Diagnostics.Metrics;
using System.Xml.Linq;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyBot.Orleans.AzureStorage.Hosting;
using MyBot.Server.Hosting;
using MyBot.TestKit.Azure;

namespace MyBot.Server.Tests.Hosting;

public sealed class BlobXmlRepositoryTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>, IDisposable
{
    private readonly List<ServiceProvider> _providers = [];
    private readonly string _container = $"keys{Guid.NewGuid():N}"[..24];
    private readonly Dictionary<AzureStorageClients, IMeterFactory> _meters = [];

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }
    }

    [Fact]
    public void Keys_stored_by_two_silos_at_once_are_all_kept_and_read_by_both()
    {
        var first = new BlobXmlRepository(Clients());
        var second = new BlobXmlRepository(Clients());

        Parallel.For(0, 10, i => (i % 2 == 0 ? first : second).StoreElement(new XElement("key", new XAttribute("id", i)), $"key-{i}"));

        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), first.GetAllElements().Select(e => e.Attribute("id")!.Value).Order());
        Assert.Equal(10, second.GetAllElements().Count);
    }

    [Fact]
    public void What_one_silo_protects_another_silo_unprotects()
    {
        var protector = Protector(Clients());
        var other = Protector(Clients());

        var cookie = protector.Protect("session");

        Assert.Equal("session", other.Unprotect(cookie));
    }

    [Fact]
    public async Task Two_silos_creating_their_first_key_at_once_end_with_one_key_ring_and_read_each_others_cookies()
    {
        var firstClients = Clients();
        var secondClients = Clients();
        await firstClients.EnsureContainerAsync(CancellationToken.None);
        await secondClients.EnsureContainerAsync(CancellationToken.None);
        var first = Silo(firstClients);
        var second = Silo(secondClients);

        // Each silo's upload of the ring waits until the other has reached its own: both have read the empty ring
        // before either writes, so one upload loses on the ETag condition and has to merge.
        using var bothUploading = new Barrier(2);
        var puts = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meters) =>
        {
            if (instrument.Name == AzureStorageRequestCounter.InstrumentName && (ReferenceEquals(instrument.Meter.Scope, first.Meters) || ReferenceEquals(instrument.Meter.Scope, second.Meters)))
            {
                meters.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            if (Tag(tags, "service") == "blob" && Tag(tags, "method") == "PUT" && Interlocked.Increment(ref puts) <= 2)
            {
                Assert.True(bothUploading.SignalAndWait(TimeSpan.FromSeconds(30)), "both silos to reach their first upload of the key ring");
            }
        });
        listener.Start();

        var cookies = await Task.WhenAll(
            Task.Run(() => first.Protector.Protect("from the first silo")),
            Task.Run(() => second.Protector.Protect("from the second silo")));

        Assert.Equal(3, Volatile.Read(ref puts));
        var blobs = new List<string>();
        await foreach (var blob in firstClients.Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "data-protection/", CancellationToken.None))
        {
            blobs.Add(blob.Name);
        }

        Assert.Equal([BlobXmlRepository.BlobName], blobs);
        var ring = new BlobXmlRepository(firstClients).GetAllElements().Select(key => key.Attribute("id")!.Value).Order().ToList();
        Assert.Equal(2, ring.Distinct().Count());
        Assert.Equal(ring, first.Keys.GetAllKeys().Select(key => key.KeyId.ToString()).Order());
        Assert.Equal(ring, second.Keys.GetAllKeys().Select(key => key.KeyId.ToString()).Order());
        Assert.Equal("from the first silo", second.Protector.Unprotect(cookies[0]));
        Assert.Equal("from the second silo", first.Protector.Unprotect(cookies[1]));
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    private IDataProtector Protector(AzureStorageClients clients) => Silo(clients).Protector;

    private DataProtectionSilo Silo(AzureStorageClients clients)
    {
        var services = new ServiceCollection().AddSingleton(clients);
        services.AddDataProtection().SetApplicationName("MyBot");
        services.AddDataProtectionKeysInBlobStorage();
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        Assert.IsType<BlobXmlRepository>(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<KeyManagementOptions>>().Value.XmlRepository);
        return new DataProtectionSilo(
            provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("test"),
            provider.GetRequiredService<IKeyManager>(),
            _meters[clients]);
    }

    /// <summary>The clients of a process of its own, as the server builds them.</summary>
    private AzureStorageClients Clients()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{AzureStorageOptions.SectionName}:ConnectionString"] = azurite.ConnectionString,
            [$"{AzureStorageOptions.SectionName}:ContainerName"] = _container,
        }).Build();
        var provider = new ServiceCollection().AddAzureStorage(configuration).BuildServiceProvider();
        _providers.Add(provider);
        var clients = provider.GetRequiredService<AzureStorageClients>();
        _meters[clients] = provider.GetRequiredService<IMeterFactory>();
        return clients;
    }

    private sealed record DataProtectionSilo(IDataProtector Protector, IKeyManager Keys, IMeterFactory Meters);
}
