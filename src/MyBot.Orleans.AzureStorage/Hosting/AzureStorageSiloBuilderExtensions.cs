using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MyBot.Orleans.AzureStorage.Streams;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Streams;

namespace MyBot.Orleans.AzureStorage.Hosting;

public static class AzureStorageSiloBuilderExtensions
{
    /// <summary>
    /// Orleans' Azure providers on the shared clients: Table clustering, Blob grain storage as the default, Table
    /// reminders, and Azure Queue streams named <paramref name="streamProviderName"/> with a slower poll than Orleans'
    /// 100 ms, and our receiver and failure handler: the receiver keeps renewing the short visibility timeout of what it
    /// holds, and with the handler dead-letters what cannot be delivered.
    /// Stream pub-sub (<c>ConfigureStreamPubSub</c>) is left to the caller.
    /// </summary>
    public static ISiloBuilder UseAzureStorage(this ISiloBuilder builder, IConfiguration configuration, string streamProviderName)
    {
        builder.Services.AddAzureStorage(configuration);
        builder.UseAzureStorageClustering(options => options.Configure<AzureStorageClients>((o, clients) => o.TableServiceClient = clients.Tables));
        // System.Text.Json as in the file storage: the state needs no type allow-list (Orleans' default JSON writes $type
        // and refuses to read types not marked for Orleans' serializer), and a state reads the same in both modes.
        builder.AddAzureBlobGrainStorageAsDefault(options => options.Configure<AzureStorageClients, IOptions<SystemTextJsonGrainStorageSerializerOptions>>((o, clients, json) =>
        {
            o.BlobServiceClient = clients.Blobs;
            o.ContainerName = clients.Options.GrainStateContainerName;
            o.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer(json);
        }));
        builder.UseAzureTableReminderService(options => options.Configure<AzureStorageClients>((o, clients) => o.TableServiceClient = clients.Tables));
        builder.AddAzureQueueStreams(streamProviderName, configurator =>
        {
            configurator.ConfigureAzureQueue(options => options.Configure<AzureStorageClients, IOptions<AzureQueueDeliveryOptions>, IOptions<ClusterOptions>>(
                (o, clients, delivery, cluster) =>
                {
                    o.QueueServiceClient = clients.Queues;
                    o.MessageVisibilityTimeout = delivery.Value.VisibilityTimeout;
                    o.QueueNames = QueueNames(cluster.Value.ServiceId, streamProviderName, delivery.Value.Queues);
                }));
            configurator.ConfigurePullingAgent(options => options.Configure<IOptions<AzureStorageOptions>>(
                (o, azure) => o.GetQueueMsgsTimerPeriod = azure.Value.QueuePollInterval));
            configurator.ConfigureComponent<IQueueAdapterFactory>(DeadLetteringAzureQueueAdapterFactory.Create);
        });
        return builder;
    }

    /// <summary>Orleans' default naming (<c>{serviceId}-{provider}-{n}</c>), with <see cref="AzureQueueDeliveryOptions.Queues"/> queues instead of eight.</summary>
    public static List<string> QueueNames(string serviceId, string streamProviderName, int queueCount) =>
        [.. new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = queueCount }, streamProviderName)
            .GetAllQueues()
            .Select(queue => $"{serviceId}-{queue}".ToLowerInvariant())];
}
