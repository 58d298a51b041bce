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
}
