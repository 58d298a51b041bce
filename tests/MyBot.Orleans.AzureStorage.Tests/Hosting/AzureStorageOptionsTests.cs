using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyBot.Orleans.AzureStorage.Hosting;

namespace MyBot.Orleans.AzureStorage.Tests.Hosting;

public sealed class AzureStorageOptionsTests
{
    [Fact]
    public void Without_a_connection_string_every_missing_endpoint_is_named()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["MyBot:Storage:Azure:BlobEndpoint"] = "https://account.blob.core.windows.net" }));

        Assert.Contains("MyBot:Storage:Azure:ConnectionString", failure.Message, StringComparison.Ordinal);
        Assert.Contains("missing: MyBot:Storage:Azure:QueueEndpoint, MyBot:Storage:Azure:TableEndpoint", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_three_endpoints_are_enough_for_a_managed_identity()
    {
        var options = Resolve(new()
        {
            ["MyBot:Storage:Azure:BlobEndpoint"] = "https://account.blob.core.windows.net",
            ["MyBot:Storage:Azure:QueueEndpoint"] = "https://account.queue.core.windows.net",
            ["MyBot:Storage:Azure:TableEndpoint"] = "https://account.table.core.windows.net",
        });

        Assert.False(options.UsesConnectionString);
        Assert.Equal("mybot-state", options.GrainStateContainerName);
    }

    [Fact]
    public void A_container_name_azure_refuses_is_reported_with_its_key()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["MyBot:Storage:Azure:ConnectionString"] = "UseDevelopmentStorage=true",
            ["MyBot:Storage:Azure:ContainerName"] = "My_Bot",
        }));

        Assert.Contains("MyBot:Storage:Azure:ContainerName", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_delivery_settings_out_of_range_are_reported_with_their_keys()
    {
        var failure = Assert.Throws<OptionsValidationException>(() =>
        {
            using var services = Services(new()
            {
                ["MyBot:Storage:Azure:ConnectionString"] = "UseDevelopmentStorage=true",
                ["MyBot:Streams:MaxAttempts"] = "0",
            });
            _ = services.GetRequiredService<IOptions<MyBot.Orleans.AzureStorage.Streams.AzureQueueDeliveryOptions>>().Value;
        });

        Assert.Contains("MyBot:Streams:MaxAttempts", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_credential_is_the_named_managed_identity_when_AZURE_CLIENT_ID_is_set_else_the_default_chain()
    {
        Assert.IsType<ManagedIdentityCredential>(AzureStorageClients.CreateCredential("00000000-0000-0000-0000-000000000001"));
        Assert.IsType<DefaultAzureCredential>(AzureStorageClients.CreateCredential(null));
    }

    private static AzureStorageOptions Resolve(Dictionary<string, string?> settings)
    {
        using var services = Services(settings);
        return services.GetRequiredService<IOptions<AzureStorageOptions>>().Value;
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddAzureStorage(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
