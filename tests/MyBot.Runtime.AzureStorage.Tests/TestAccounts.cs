using Microsoft.Extensions.Logging.Abstractions;
using MyBot.TestKit.Azure;

namespace MyBot.Runtime.AzureStorage.Tests;

/// <summary>An account on the shared Azurite with a fresh service id (and so fresh queues and blob prefix) per call.</summary>
internal static class TestAccounts
{
    public static AzureStorageOptions Options(AzuriteServer azurite, string? connectionString = null) => new()
    {
        ConnectionString = connectionString ?? azurite.ConnectionString,
        ServiceId = "t" + Guid.NewGuid().ToString("N")[..20],
        ContainerName = "mybot",
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    public static AzureStorageAccount Create(AzuriteServer azurite, Action<AzureStorageOptions>? configure = null)
    {
        var options = Options(azurite);
        configure?.Invoke(options);
        return Create(options);
    }

    public static AzureStorageAccount Create(AzureStorageOptions options) =>
        new(options, TimeProvider.System, NullLoggerFactory.Instance);
}
