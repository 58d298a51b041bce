using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MyBot.Grains;
using MyBot.Orleans.FileStorage.Data;
using MyBot.Orleans.FileStorage.DeadLetters;
using MyBot.Orleans.FileStorage.Hosting;
using MyBot.TestKit;

namespace MyBot.Orleans.FileStorage.Tests.Hosting;

public sealed class FileStorageServiceCollectionExtensionsTests
{
    [Fact]
    public void DataDir_defaults_to_dot_data()
    {
        using var services = new ServiceCollection().AddFileDataDirectory(new ConfigurationBuilder().Build()).BuildServiceProvider();
        Assert.Equal(".data", services.GetRequiredService<IOptions<FileStorageOptions>>().Value.DataDir);
    }

    [Fact]
    public async Task The_directory_dead_letters_and_health_check_come_from_the_configured_directory()
    {
        using var temp = new TempDirectory();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MyBot:DataDir"] = temp.Path })
            .Build();
        var collection = new ServiceCollection().AddLogging().AddFileDataDirectory(configuration).AddFileDataDirectory(configuration);
        await using var services = collection.BuildServiceProvider();

        Assert.Equal(temp.Path, services.GetRequiredService<FileDataDirectory>().Root);
        Assert.IsType<FileDeadLetterStore>(services.GetRequiredService<IDeadLetterStore>());
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, Assert.Single(report.Entries, e => e.Key == "storage").Value.Status);
    }
}
