namespace MyBot.Grains.Common;

/// <summary>
/// The ids a grain remembers to drop a repeat (a stream's redelivery, a retried call): only the latest ones, so the
/// grain's state stops growing once the window is full.
/// </summary>
public static class DedupeWindow
{
    /// <summary>Drops the oldest ids (the list's head) beyond <paramref name="size"/>; also bounds other newest-last records.</summary>
    public static void Trim<T>(List<T> ids, int size)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var excess = ids.Count - size;
        if (excess > 0)
        {
            ids.RemoveRange(0, excess);
        }
    }
}
