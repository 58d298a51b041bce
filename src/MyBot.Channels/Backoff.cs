namespace MyBot.Channels;

/// <summary>The exponential waits the channels and the grains use between tries, in one place so they agree on their caps.</summary>
public static class Backoff
{
    /// <summary>
    /// <paramref name="first"/> doubled for each try after the first (try 1 waits <paramref name="first"/>), capped at
    /// <paramref name="max"/>. The doubling stops after ten steps, so a long run of failures cannot overflow.
    /// </summary>
    public static TimeSpan Exponential(TimeSpan first, int attempt, TimeSpan max) =>
        Min(TimeSpan.FromTicks(first.Ticks * (1L << Math.Clamp(attempt - 1, 0, 10))), max);

    /// <summary>The wait after <paramref name="current"/>: twice as long, capped at <paramref name="max"/>.</summary>
    public static TimeSpan Double(TimeSpan current, TimeSpan max) => Min(TimeSpan.FromTicks(current.Ticks * 2), max);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
