namespace MyBot.Grains.Identity;

[GenerateSerializer]
[Alias("mybot.identity-state")]
public sealed class IdentityState
{
    /// <summary>Accounts the owner linked at pairing approval: <c>platform:user</c> → identity.</summary>
    [Id(0)]
    public Dictionary<string, string> Links { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Identity → the chat it last wrote from.</summary>
    [Id(1)]
    public Dictionary<string, EventSource> LastSources { get; set; } = new(StringComparer.Ordinal);
}
