using System.ComponentModel.DataAnnotations;

namespace MyBot.Grains.Delivery;

/// <summary>Bound from <c>MyBot:Delivery</c>.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "MyBot:Delivery";

    /// <summary>Transient failures (5xx, network) before a reply moves to the dead letters.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A reply delivered this long after the user's message says it is late and which message it answers.</summary>
    public TimeSpan DelayedNoticeAfter { get; set; } = TimeSpan.FromHours(1);

    [Range(16, 10000)]
    public int DedupeWindow { get; set; } = 256;
}
