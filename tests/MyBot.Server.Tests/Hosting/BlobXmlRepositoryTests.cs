using System.Xml.Linq;
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

    private IDataProtector Protector(AzureStorageClients clients)
    {
        var services = new ServiceCollection().AddSingleton(clients);
        services.AddDataProtection().SetApplicationName("MyBot");
        services.AddDataProtectionKeysInBlobStorage();
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        Assert.IsType<BlobXmlRepository>(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<KeyManagementOptions>>().Value.XmlRepository);
        return provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
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
        return provider.GetRequiredService<AzureStorageClients>();
    }
}
