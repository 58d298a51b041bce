namespace MyBot.Channels.Hosting;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state; when the write fails the activation is dropped once the call ends, so the next call reads what
    /// is stored instead of trusting a change that may never have been written. (Orleans drops it by itself only on an
    /// ETag conflict.) Calls that interleave with the write still see the change: such a grain must hide it from them.
    /// </summary>
    public static async Task WriteOrDeactivateAsync<TState>(this IPersistentState<TState> state, IGrainBase grain)
    {
        ArgumentNullException.ThrowIfNull(state);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
