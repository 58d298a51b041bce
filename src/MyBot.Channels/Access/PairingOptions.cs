using System.ComponentModel.DataAnnotations;

namespace MyBot.Channels.Access;

/// <summary>Bound from <c>MyBot:Pairing</c>.</summary>
public sealed class PairingOptions
{
    public const string SectionName = "MyBot:Pairing";

    /// <summary>How long a pairing code stays valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromHours(1);
}
