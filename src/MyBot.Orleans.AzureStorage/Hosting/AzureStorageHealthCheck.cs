using Azure;
using Azure.Identity;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MyBot.Orleans.AzureStorage.Hosting;

/// <summary>
/// Healthy when the identity can write, read and delete a blob in our container and list tables and queues; an
/// unhealthy result names the setting or the role to fix.
/// </summary>
public sealed class AzureStorageHealthCheck(AzureStorageClients clients) : IHealthCheck
{
    private const string Section = AzureStorageOptions.SectionName;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
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
