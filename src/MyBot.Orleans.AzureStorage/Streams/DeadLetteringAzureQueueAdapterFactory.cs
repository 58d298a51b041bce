using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Grains;
using Orleans.AzureUtils;
using Orleans.Configuration;
using Orleans.Providers.Streams.AzureQueue;
using Orleans.Streams;

namespace MyBot.Orleans.AzureStorage.Streams;

/// <summary>
/// Orleans' Azure queue stream factory with our receiver and failure handler (design point 5): the base class's
/// failure-handler hook is protected, and its receiver neither counts attempts nor deletes what failed.
/// </summary>
public sealed class DeadLetteringAzureQueueAdapterFactory : AzureQueueAdapterFactory
{
    private readonly string _providerName;
    private readonly AzureQueueOptions _queueOptions;
    private readonly IQueueDataAdapter<string, IBatchContainer> _dataAdapter;
    private readonly AzureQueueDeliveryOptions _delivery;
    private readonly IDeadLetterStore _deadLetters;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ConcurrentDictionary<QueueId, DeadLetteringAzureQueueReceiver> _receivers = new();

    public DeadLetteringAzureQueueAdapterFactory(
        string name,
        AzureQueueOptions options,
        SimpleQueueCacheOptions cacheOptions,
        IQueueDataAdapter<string, IBatchContainer> dataAdapter,
        AzureQueueDeliveryOptions delivery,
        IDeadLetterStore deadLetters,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
        : base(name, options, cacheOptions, dataAdapter, loggerFactory)
    {
        _providerName = name;
        _queueOptions = options;
        _dataAdapter = dataAdapter;
        _delivery = delivery;
        _deadLetters = deadLetters;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        StreamFailureHandlerFactory = queueId => Task.FromResult<IStreamFailureHandler>(
            new DeadLetteringStreamFailureHandler(
                () => _receivers.GetValueOrDefault(queueId),
                loggerFactory.CreateLogger<DeadLetteringStreamFailureHandler>()));
    }

    public override async Task<IQueueAdapter> CreateAdapter() => new DeadLetteringAzureQueueAdapter(await base.CreateAdapter(), CreateReceiver);

    /// <summary>Registered in place of <see cref="AzureQueueAdapterFactory.Create"/> for the named provider.</summary>
    public static new DeadLetteringAzureQueueAdapterFactory Create(IServiceProvider services, string name)
    {
        var dataAdapter = services.GetKeyedService<IQueueDataAdapter<string, IBatchContainer>>(name)
            ?? services.GetRequiredService<IQueueDataAdapter<string, IBatchContainer>>();
        var factory = new DeadLetteringAzureQueueAdapterFactory(
            name,
            services.GetRequiredService<IOptionsMonitor<AzureQueueOptions>>().Get(name),
            services.GetRequiredService<IOptionsMonitor<SimpleQueueCacheOptions>>().Get(name),
            dataAdapter,
            services.GetRequiredService<IOptions<AzureQueueDeliveryOptions>>().Value,
            services.GetRequiredService<IDeadLetterStore>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILoggerFactory>());
        factory.Init();
        return factory;
    }

    private DeadLetteringAzureQueueReceiver CreateReceiver(QueueId queueId)
    {
        var mapper = GetStreamQueueMapper() as HashRingBasedPartitionedStreamQueueMapper
            ?? throw new InvalidOperationException("Orleans' Azure queue factory no longer maps queues with HashRingBasedPartitionedStreamQueueMapper.");
        var queue = new AzureQueueDataManager(_loggerFactory, mapper.QueueToPartition(queueId), _queueOptions);
        // Orleans' data manager keeps its queue client to itself and cannot renew a message's visibility: ours, on the
        // same service client, does that for the receiver.
        var renewals = (_queueOptions.QueueServiceClient
            ?? throw new InvalidOperationException($"The Azure queue stream provider '{_providerName}' needs AzureQueueOptions.QueueServiceClient set.")).GetQueueClient(queue.QueueName);
        var receiver = new DeadLetteringAzureQueueReceiver(
            _providerName,
            queue,
            renewals,
            _dataAdapter,
            _delivery,
            _deadLetters,
            DeadLetterPayloadJson.Options,
            _timeProvider,
            _loggerFactory.CreateLogger<DeadLetteringAzureQueueReceiver>());
        _receivers[queueId] = receiver;
        return receiver;
    }
}
