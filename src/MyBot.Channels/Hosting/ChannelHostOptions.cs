using System.ComponentModel.DataAnnotations;

namespace MyBot.Channels.Hosting;

/// <summary>Bound from <c>MyBot:Channels</c>.</summary>
public sealed class ChannelHostOptions
{
    public const string SectionName = "MyBot:Channels";

    /// <summary>Wait before the first restart of a crashed channel; doubles per consecutive crash.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between restarts; a channel that ran at least this long starts again from <see cref="RestartDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromMinutes(5);
}
