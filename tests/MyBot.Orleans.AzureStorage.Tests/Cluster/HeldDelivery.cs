using System.Collections.Concurrent;

namespace MyBot.Orleans.AzureStorage.Tests.Cluster;

/// <summary>
/// Keeps <see cref="RecordingGrain"/>'s delivery of <see cref="RecordingGrain.Held"/> on one stream open until the test
/// releases it, as a long delivery would; the silo runs in the test's process.
/// </summary>
internal sealed class HeldDelivery
{
    private static readonly ConcurrentDictionary<string, HeldDelivery> ByStreamKey = new();

    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Entered => _entered.Task;

    public static HeldDelivery For(string streamKey) => ByStreamKey.GetOrAdd(streamKey, _ => new HeldDelivery());

    /// <summary>Called by the grain: the delivery has begun, and ends when the test releases it.</summary>
    public Task EnterAsync()
    {
        _entered.TrySetResult();
        return _released.Task;
    }

    public void Release() => _released.TrySetResult();
}
