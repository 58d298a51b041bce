using System.ComponentModel.DataAnnotations;

namespace MyBot.Runtime.Hosting;

/// <summary>Bound from <c>MyBot:Runtime</c>.</summary>
public sealed class RuntimeOptions
{
    public const string SectionName = "MyBot:Runtime";

    /// <summary>Stream partitions; every replica must agree on it, so it is fixed for the life of a deployment.</summary>
    [Range(1, 256)]
    public int Partitions { get; set; } = 8;

    /// <summary>An activation unused this long is deactivated; the next call reactivates it from storage.</summary>
    public TimeSpan IdleDeactivation { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Attempts at handling a stream event before it moves to the dead letters.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long a received event stays hidden; renewed while its handler runs.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>First wait before a failed stream event is tried again; doubles per attempt.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a partition is polled for new events right after its last event (a local publish wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// An idle partition's poll interval doubles from <see cref="PollInterval"/> up to this. Idle polling is most of a
    /// deployment's storage bill, and a publish in this process still wakes the partition at once, so with one replica
    /// this costs no latency; with several it bounds how late an event published by another replica is noticed.
    /// </summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Events received per poll of a partition.</summary>
    [Range(1, 32)]
    public int BatchSize { get; set; } = 32;
}
