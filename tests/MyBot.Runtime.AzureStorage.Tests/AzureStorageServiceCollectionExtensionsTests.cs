using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyBot.Runtime.Storage;
using MyBot.TestKit.Azure;

namespace MyBot.Runtime.AzureStorage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageServiceCollectionExtensionsTests(AzuriteServer azurite)
{
    [Fact]
    public async Task Registers_every_storage_interface_and_the_health_check_passes_on_azurite()
    {
        await using var provider = Build(new Dictionary<string, string?>
        {
            ["MyBot:Storage:Azure:ConnectionString"] = azurite.ConnectionString,
            ["MyBot:Storage:Azure:ServiceId"] = "di-" + Guid.NewGuid().ToString("N")[..12],
        });

        await provider.GetRequiredService<IStorageHealthCheck>().CheckAsync(default);

        Assert.IsType<BlobGrainStorage>(provider.GetRequiredService<IGrainStorage>());
        Assert.IsType<AzureQueueStorage>(provider.GetRequiredService<IQueueStorage>());
        Assert.IsType<BlobDeadLetterStore>(provider.GetRequiredService<IDeadLetterStore>());
        Assert.IsType<BlobReminderStorage>(provider.GetRequiredService<IReminderStorage>());
        Assert.IsType<BlobLeasePartitionBalancer>(provider.GetRequiredService<IPartitionBalancer>());
        Assert.IsType<BlobSingletonLeaseProvider>(provider.GetRequiredService<ISingletonLeaseProvider>());
    }

    [Fact]
    public async Task Missing_settings_are_named()
    {
        await using var provider = Build(new Dictionary<string, string?> { ["MyBot:Storage:Azure:BlobEndpoint"] = "https://example.invalid" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AzureStorageOptions>>().Value);

        Assert.Contains("MyBot:Storage:Azure:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("MyBot:Storage:Azure:QueueEndpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_id_that_cannot_name_a_queue_is_refused()
    {
        await using var provider = Build(new Dictionary<string, string?>
        {
            ["MyBot:Storage:Azure:ConnectionString"] = azurite.ConnectionString,
            ["MyBot:Storage:Azure:ServiceId"] = "My_Bot",
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AzureStorageOptions>>().Value);

        Assert.Contains("ServiceId", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAzureStorage(configuration);
        return services.BuildServiceProvider();
    }
}
