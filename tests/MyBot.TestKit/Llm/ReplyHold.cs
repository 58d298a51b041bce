namespace MyBot.TestKit.Llm;

/// <summary>Keeps every reply of the scripted LLM pending until released, so a test can crash the caller mid-call.</summary>
public sealed class ReplyHold : IDisposable
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action _onDispose;
    private int _waiting;

    internal ReplyHold(Action onDispose) => _onDispose = onDispose;

    /// <summary>Requests that arrived and are being held now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public Task WaitForHeldRequestsAsync(int count, TimeSpan timeout) =>
        Eventually.WaitUntilAsync(() => Waiting >= count, timeout, $"{count} held LLM request(s)");

    public void Release() => _released.TrySetResult();

    public void Dispose()
    {
        Release();
        _onDispose();
    }

    internal async Task WaitAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _released.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }
}
