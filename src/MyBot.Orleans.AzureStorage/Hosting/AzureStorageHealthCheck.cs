using Azure;
using Azure.Identity;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MyBot.Orleans.AzureStorage.Hosting;

/// <summary>
/// Healthy when the identity can write, read and delete a blob in our container and list tables and queues; an
/// unhealthy result names the setting or the role to fix. A healthy answer is reused for <see cref="HealthyFor"/>:
/// the readiness probe asks every few seconds, and five billed requests each time would cost more than an idle silo.
/// </summary>
public sealed class AzureStorageHealthCheck(AzureStorageClients clients, TimeProvider timeProvider) : IHealthCheck
{
    public static readonly TimeSpan HealthyFor = TimeSpan.FromMinutes(1);

    private const string Section = AzureStorageOptions.SectionName;

    /// <summary>UTC ticks; read and written whole, as probes may overlap.</summary>
    private long _healthyUntilTicks;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
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
        var step = AzureStorageService.Blob;
        try
        {
            await clients.EnsureContainerAsync(cancellationToken);
            var probe = clients.Container.GetBlobClient($"health/{Environment.MachineName}-{Guid.NewGuid():N}");
            var expected = BinaryData.FromString(Guid.NewGuid().ToString("N"));
            await probe.UploadAsync(expected, cancellationToken);
            var read = await probe.DownloadContentAsync(cancellationToken);
            await probe.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
            if (!read.Value.Content.ToMemory().Span.SequenceEqual(expected.ToMemory().Span))
            {
                return HealthCheckResult.Unhealthy($"The blob container '{clients.Options.ContainerName}' returned other content than was written to its probe blob.");
            }

            step = AzureStorageService.Table;
            await foreach (var _ in clients.Tables.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
            {
                break;
            }

            step = AzureStorageService.Queue;
            await foreach (var _ in clients.Queues.GetQueuesAsync(cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
            {
                break;
            }

            return HealthCheckResult.Healthy();
        }
        catch (RequestFailedException e) when (e.Status == 403)
        {
            return HealthCheckResult.Unhealthy(
                clients.Options.UsesConnectionString
                    ? $"Azure {step} storage refused the account key ({e.ErrorCode}): check {Section}:ConnectionString."
                    : $"The managed identity may not use {step} storage ({e.ErrorCode}): give it the role {RoleFor(step)} on the storage account.",
                e);
        }
        catch (RequestFailedException e) when (e.Status == 0)
        {
            return HealthCheckResult.Unhealthy($"Azure {step} storage cannot be reached: {e.Message} Check {Section}:{EndpointKey(step)}.", e);
        }
        catch (RequestFailedException e)
        {
            return HealthCheckResult.Unhealthy($"Azure {step} storage answered {e.Status} ({e.ErrorCode}); check {Section}:{EndpointKey(step)}.", e);
        }
        catch (AuthenticationFailedException e)
        {
            return HealthCheckResult.Unhealthy(
                $"No Azure credential: {e.Message} On Azure assign a managed identity and set {AzureStorageClients.ClientIdVariable}; elsewhere set {Section}:ConnectionString.",
                e);
        }
    }

    private static string RoleFor(AzureStorageService service) => service switch
    {
        AzureStorageService.Blob => "Storage Blob Data Contributor",
        AzureStorageService.Queue => "Storage Queue Data Contributor",
        _ => "Storage Table Data Contributor",
    };

    private string EndpointKey(AzureStorageService service) => clients.Options.UsesConnectionString ? "ConnectionString" : service + "Endpoint";
}
