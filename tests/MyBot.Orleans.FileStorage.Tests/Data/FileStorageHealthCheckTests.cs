using Microsoft.Extensions.Diagnostics.HealthChecks;
using MyBot.Orleans.FileStorage.Data;

namespace MyBot.Orleans.FileStorage.Tests.Data;

public sealed class FileStorageHealthCheckTests : IDisposable
{
    private readonly TestDataDirectory _data = new();

    [Fact]
    public async Task A_writable_directory_is_healthy_and_keeps_no_probe_file()
    {
        var result = await new FileStorageHealthCheck(_data.Directory).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Empty(Directory.GetFiles(_data.Root, ".probe-*"));
    }

    [Fact]
    public async Task A_vanished_directory_is_unhealthy_naming_the_directory_and_the_setting()
    {
        Directory.Delete(_data.Root, recursive: true);
        var result = await new FileStorageHealthCheck(_data.Directory).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains(_data.Directory.Root, result.Description, StringComparison.Ordinal);
        Assert.Contains("MyBot:DataDir", result.Description, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();
}
