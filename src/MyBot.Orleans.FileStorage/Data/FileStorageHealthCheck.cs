using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MyBot.Orleans.FileStorage.Data;

/// <summary>Healthy when the data directory takes a write and gives it back.</summary>
public sealed class FileStorageHealthCheck(FileDataDirectory directory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (directory.Failure is { } failure)
        {
            return HealthCheckResult.Unhealthy($"The data directory's journal failed ({failure.Message}); writes are refused until the server restarts. Check the disk behind MyBot:DataDir.", failure);
        }

        var probe = directory.PathFor($".probe-{Guid.NewGuid():N}");
        var expected = Guid.NewGuid().ToString("N");
        try
        {
            await File.WriteAllTextAsync(probe, expected, cancellationToken);
            var read = await File.ReadAllTextAsync(probe, cancellationToken);
            return read == expected
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"The data directory '{directory.Root}' returned other content than was written to its probe file. Check the disk behind MyBot:DataDir.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"The data directory '{directory.Root}' is not writable: {ex.Message} Check MyBot:DataDir and its permissions.", ex);
        }
        finally
        {
            FileDataDirectory.DeleteIfPresent(probe);
        }
    }
}
