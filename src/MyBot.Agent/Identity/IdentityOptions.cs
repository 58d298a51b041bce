namespace MyBot.Agent.Identity;

/// <summary>
/// Who is one person across platforms: <c>MyBot:Identities:&lt;name&gt;</c> lists a person's accounts
/// (<c>platform:user</c>, e.g. <c>owner: [telegram:42, discord:1234, web:me]</c>); <c>MyBot:Identity:SharedHistory</c>
/// makes their accounts share one conversation besides one memory. Bound from the <c>MyBot</c> section.
/// </summary>
public sealed class IdentityOptions
{
    public const string SectionName = "MyBot";

    /// <summary>The identity messages on the agent's own initiative go to when a cron job or <c>send_message</c> says <c>owner</c>.</summary>
    public const string Owner = "owner";

    /// <summary><c>MyBot:Identity</c>: how the accounts of one person are treated.</summary>
    public IdentitySettings Identity { get; set; } = new();

    /// <summary><c>MyBot:Identities</c>: identity name → its accounts.</summary>
    public Dictionary<string, List<string>> Identities { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The configured identity of an account (<c>platform:user</c>), or null.</summary>
    public string? Find(string account) =>
        Identities.FirstOrDefault(i => i.Value.Contains(account, StringComparer.Ordinal)).Key;
}
