namespace MyBot.Runtime.AzureStorage.Rest;

/// <summary>How often and how long a storage call is retried; exponential backoff with jitter, capped.</summary>
public sealed record StorageRetryPolicy(int MaxRetries, TimeSpan RequestTimeout, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static StorageRetryPolicy Default { get; } = new(4, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));

    public TimeSpan Delay(int attempt)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var jittered = exponential * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, MaxDelay.TotalMilliseconds));
    }
}
