using Microsoft.Extensions.Diagnostics.HealthChecks;
using MyBot.Orleans.FileStorage.Data;
using MyBot.TestKit.Time;

namespace MyBot.Orleans.FileStorage.Tests.Data;

public sealed class FileStorageHealthCheckTests : IDisposable
{
    private readonly TestDataDirectory _data = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_writable_directory_is_healthy_and_keeps_no_probe_file()
    {
        var result = await Check().CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Empty(Directory.GetFiles(_data.Root, ".probe-*"));
    }

    [Fact]
    public async Task A_vanished_directory_is_unhealthy_naming_the_directory_and_the_setting()
    {
        Directory.Delete(_data.Root, recursive: true);
        var result = await Check().CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains(_data.Directory.Root, result.Description, StringComparison.Ordinal);
        Assert.Contains("MyBot:DataDir", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_healthy_answer_is_reused_without_touching_the_disk_until_it_is_a_minute_old()
    {
        var check = Check();
        var first = await check.CheckHealthAsync(new HealthCheckContext());
        Directory.Delete(_data.Root, recursive: true);

        _time.Advance(FileStorageHealthCheck.HealthyFor - TimeSpan.FromSeconds(1));
        var reused = await check.CheckHealthAsync(new HealthCheckContext());
        _time.Advance(TimeSpan.FromSeconds(1));
        var probedAgain = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, first.Status);
        Assert.Equal(HealthStatus.Healthy, reused.Status);
        Assert.Equal(HealthStatus.Unhealthy, probedAgain.Status);
    }

    [Fact]
    public async Task A_failed_journal_is_unhealthy_at_once_even_while_a_healthy_answer_is_reused()
    {
        var check = Check();
        var before = await check.CheckHealthAsync(new HealthCheckContext());
        Directory.Delete(_data.Directory.PathFor("journal"), recursive: true);

        await Assert.ThrowsAnyAsync<IOException>(() => _data.Directory.WriteAsync(_data.Directory.PathFor("state.bin"), [1, 2, 3]));
        var after = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, before.Status);
        Assert.Equal(HealthStatus.Unhealthy, after.Status);
        Assert.Contains("journal failed", after.Description, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();

    private FileStorageHealthCheck Check() => new(_data.Directory, _time);
}
