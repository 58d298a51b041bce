using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Grains;
using MyBot.Orleans.FileStorage.Data;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;

namespace MyBot.Orleans.FileStorage.Streams;

/// <summary>
/// A persistent stream provider on files for the localhost silo: Orleans' pulling agents, <see cref="SimpleQueueAdapterCache"/>
/// and <see cref="HashRingBasedStreamQueueMapper"/> over <see cref="FileQueue"/>s in the data directory.
/// </summary>
public sealed class FileQueueAdapterFactory : IQueueAdapterFactory
{
    private readonly string _name;
    private readonly FileQueueStreamOptions _options;
    private readonly HashRingBasedStreamQueueMapper _mapper;
    private readonly SimpleQueueAdapterCache _cache;
    private readonly FileQueueSet _queues;
    private readonly FileQueueDeadLetterWriter _deadLetters;
    private readonly Serializer<FileQueueBatchContainer> _serializer;
    private readonly ILoggerFactory _loggerFactory;

    public FileQueueAdapterFactory(
        string name,
        FileQueueStreamOptions options,
        SimpleQueueCacheOptions cacheOptions,
        FileDataDirectory directory,
        IDeadLetterStore deadLetters,
        Serializer<FileQueueBatchContainer> serializer,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        _name = name;
        _options = options;
        _serializer = serializer;
        _loggerFactory = loggerFactory;
        _mapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = options.Queues }, name);
        _cache = new SimpleQueueAdapterCache(cacheOptions, name, loggerFactory);
        _queues = new FileQueueSet(name, directory, timeProvider, _mapper);
        _deadLetters = new FileQueueDeadLetterWriter(name, deadLetters, serializer, timeProvider, loggerFactory.CreateLogger<FileQueueDeadLetterWriter>());
    }

    public static FileQueueAdapterFactory Create(IServiceProvider services, string name) => new(
        name,
        services.GetRequiredService<IOptionsMonitor<FileQueueStreamOptions>>().Get(name),
        services.GetRequiredService<IOptionsMonitor<SimpleQueueCacheOptions>>().Get(name),
        services.GetRequiredService<FileDataDirectory>(),
        services.GetRequiredService<IDeadLetterStore>(),
        services.GetRequiredService<Serializer<FileQueueBatchContainer>>(),
        services.GetService<TimeProvider>() ?? TimeProvider.System,
        services.GetRequiredService<ILoggerFactory>());

    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);

    public Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken) =>
        Task.FromResult<IQueueAdapter>(new FileQueueAdapter(_name, _queues, _serializer, CreateReceiver));

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => Task.FromResult<IStreamFailureHandler>(
        new FileQueueFailureHandler(queueId, _queues[queueId], _options, _deadLetters, _loggerFactory.CreateLogger<FileQueueFailureHandler>()));

    private FileQueueAdapterReceiver CreateReceiver(QueueId queueId) =>
        new(queueId, _queues[queueId], _options, _deadLetters, _serializer, _loggerFactory.CreateLogger<FileQueueAdapterReceiver>());
}
