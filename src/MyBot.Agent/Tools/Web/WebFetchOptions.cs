using System.ComponentModel.DataAnnotations;

namespace MyBot.Agent.Tools.Web;

public sealed class WebFetchOptions
{
    public const string SectionName = "MyBot:Tools:WebFetch";

    /// <summary>Lets <c>web_fetch</c> reach loopback, private and link-local addresses; off so a prompt cannot reach the host's own network.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Single non-public addresses to allow anyway (an intranet wiki), e.g. <c>10.0.0.5</c>.</summary>
    public List<string> AllowedAddresses { get; set; } = [];

    /// <summary>Bytes of a response read at most; the rest is dropped.</summary>
    [Range(1024, 50_000_000)]
    public int MaxBytes { get; set; } = 2_000_000;

    /// <summary>Characters of readable text handed to the model at most.</summary>
    [Range(256, 1_000_000)]
    public int MaxChars { get; set; } = 12_000;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;
}
