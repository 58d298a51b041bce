using System.Net;
using Microsoft.Extensions.Logging;
using MyBot.Runtime.AzureStorage.Rest;
using MyBot.Runtime.Storage;

namespace MyBot.Runtime.AzureStorage;

/// <summary>A blob lease per singleton name: held by one process in the deployment, renewed while held, lapsing when its holder dies.</summary>
public sealed partial class BlobSingletonLeaseProvider(AzureStorageAccount account, TimeProvider timeProvider, ILogger<BlobSingletonLeaseProvider> logger)
    : ISingletonLeaseProvider
{
    public async Task<ISingletonLease?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        await account.EnsureContainerAsync(cancellationToken);
        var blobName = account.Names.Singleton(name);
        try
        {
            await account.Container.PutAsync(blobName, ReadOnlyMemory<byte>.Empty, BlobConditions.CreateOnly, cancellationToken);
        }
        catch (AzureStorageException e) when (e.Status is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed)
        {
            // It exists (and may be leased right now).
        }

        try
        {
            var leaseId = await account.Container.AcquireLeaseAsync(blobName, account.Options.LeaseDuration, Guid.NewGuid().ToString(), cancellationToken);
            Log.Acquired(logger, name);
            return new Lease(account, timeProvider, logger, name, blobName, leaseId);
        }
        catch (AzureStorageException e) when (e.Status == HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    private sealed class Lease : ISingletonLease
    {
        private readonly AzureStorageAccount _account;
        private readonly TimeProvider _timeProvider;
        private readonly ILogger _logger;
        private readonly string _blobName;
        private readonly string _leaseId;
        private readonly CancellationTokenSource _lost = new();
        private readonly CancellationTokenSource _disposed = new();
        private readonly Task _renewal;

        public Lease(AzureStorageAccount account, TimeProvider timeProvider, ILogger logger, string name, string blobName, string leaseId)
        {
            _account = account;
            _timeProvider = timeProvider;
            _logger = logger;
            Name = name;
            _blobName = blobName;
            _leaseId = leaseId;
            _renewal = RenewAsync(_disposed.Token);
        }

        public string Name { get; }

        public CancellationToken Lost => _lost.Token;

        public async ValueTask DisposeAsync()
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            await _disposed.CancelAsync();
            await _renewal.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!_lost.IsCancellationRequested)
            {
                try
                {
                    await _account.Container.ReleaseLeaseAsync(_blobName, _leaseId, CancellationToken.None);
                }
                catch (AzureStorageException e)
                {
                    Log.ReleaseFailed(_logger, Name, e.ErrorCode);
                }
            }

            await _lost.CancelAsync();
            _disposed.Dispose();
        }

        private async Task RenewAsync(CancellationToken cancellationToken)
        {
            var options = _account.Options;
            var lastRenewed = _timeProvider.GetUtcNow();
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(options.RenewInterval, _timeProvider, cancellationToken);
                var now = _timeProvider.GetUtcNow();
                try
                {
                    await _account.Container.RenewLeaseAsync(_blobName, _leaseId, cancellationToken);
                    lastRenewed = now;
                }
                catch (AzureStorageException e) when (e.Status is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
                {
                    await LoseAsync(e.ErrorCode);
                    return;
                }
                catch (Exception e) when (e is AzureStorageException or HttpRequestException)
                {
                    if (now + options.RenewInterval >= lastRenewed + options.LeaseDuration)
                    {
                        await LoseAsync("renewal failing");
                        return;
                    }
                }
            }
        }

        private async Task LoseAsync(string? reason)
        {
            Log.Lost(_logger, Name, reason);
            await _lost.CancelAsync();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Acquired the singleton lease {Name}")]
        public static partial void Acquired(ILogger logger, string name);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the singleton lease {Name} ({Reason})")]
        public static partial void Lost(ILogger logger, string name, string? reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the singleton lease {Name} ({Reason}); it lapses by itself")]
        public static partial void ReleaseFailed(ILogger logger, string name, string? reason);
    }
}
