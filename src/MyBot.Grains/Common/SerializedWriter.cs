namespace MyBot.Grains.Common;

/// <summary>
/// Writes a grain's persistent state one write at a time. Grains whose timer interleaves with their calls would
/// otherwise have two writes in flight, and the second would fail on the first one's ETag.
/// </summary>
public sealed class SerializedWriter<TState>(IPersistentState<TState> state)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task WriteAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _gate.Release();
        }
    }
}
