using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MyBot.Orleans.FileStorage.Data;

/// <summary>
/// Unhealthy as soon as the journal has failed a flush; otherwise healthy when the data directory takes a write and gives
/// it back. A healthy probe is reused for <see cref="HealthyFor"/>: the readiness probe asks every few seconds, and a
/// probe file written and fsynced each time would be most of an idle server's disk writes. A failing disk still shows at
/// once, through the journal, when anything is written.
/// </summary>
public sealed class FileStorageHealthCheck(FileDataDirectory directory, TimeProvider timeProvider) : IHealthCheck
{
    public static readonly TimeSpan HealthyFor = TimeSpan.FromMinutes(1);

    /// <summary>UTC ticks; read and written whole, as probes may overlap.</summary>
    private long _healthyUntilTicks;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (directory.Failure is { } failure)
        {
            return HealthCheckResult.Unhealthy($"The data directory's journal failed ({failure.Message}); writes are refused until the server restarts. Check the disk behind MyBot:DataDir.", failure);
        }

        if (timeProvider.GetUtcNow().UtcTicks < Volatile.Read(ref _healthyUntilTicks))
        {
            return HealthCheckResult.Healthy();
        }

        var result = await ProbeAsync(cancellationToken);
        if (result.Status == HealthStatus.Healthy)
        {
            Volatile.Write(ref _healthyUntilTicks, (timeProvider.GetUtcNow() + HealthyFor).UtcTicks);
        }

        return result;
    }

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
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
