using System.ComponentModel.DataAnnotations;

namespace MyBot.Channels.Http;

/// <summary>Bound from <c>MyBot:Api</c>: the HTTP API (messages, admin) and its protection.</summary>
public sealed class HttpApiOptions
{
    public const string SectionName = "MyBot:Api";

    /// <summary>When set, every API request needs <c>Authorization: Bearer &lt;token&gt;</c>; required to listen beyond loopback.</summary>
    public string? Token { get; set; }

    /// <summary>The longest message text accepted, in characters.</summary>
    [Range(1, 1_000_000)]
    public int MaxMessageLength { get; set; } = 16_000;

    /// <summary>The longest long-poll a client may ask for with <c>wait</c>, in seconds; longer asks are shortened.</summary>
    [Range(0, 300)]
    public int MaxWaitSeconds { get; set; } = 60;

    /// <summary>Replies kept per source for clients to fetch; older ones are dropped.</summary>
    [Range(1, 100_000)]
    public int ReplyLogCapacity { get; set; } = 1000;

    /// <summary>Wrong tokens one client address may present within <see cref="WrongTokenWindow"/>; then its tokens are refused with 429 until the window ends.</summary>
    [Range(1, 1_000_000)]
    public int MaxWrongTokens { get; set; } = 10;

    /// <summary>The window, from a client's first wrong token, in which <see cref="MaxWrongTokens"/> count.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "MyBot:Api:WrongTokenWindow must be 1 second to 1 day.")]
    public TimeSpan WrongTokenWindow { get; set; } = TimeSpan.FromMinutes(15);
}
