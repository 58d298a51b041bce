using System.ComponentModel.DataAnnotations;

namespace MyBot.Channels.Hosting;

/// <summary>Bound from <c>MyBot:Channels:Ownership</c>: the lease of a once-per-cluster loop (Telegram polling, the Discord gateway).</summary>
public sealed class ChannelOwnershipOptions
{
    public const string SectionName = "MyBot:Channels:Ownership";

    /// <summary>How long a holder that stopped renewing (its silo died) keeps the loop before another silo may take it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the holder renews; must be well under <see cref="LeaseDuration"/> so one failed renewal does not lose it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:20:00")]
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(10);
}
