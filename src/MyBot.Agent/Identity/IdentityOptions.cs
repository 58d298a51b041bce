namespace MyBot.Agent.Identity;

/// <summary>
/// Who is one person across platforms: <c>MyBot:Identities:&lt;name&gt;</c> lists a person's accounts
/// (<c>platform:user</c>, e.g. <c>owner: [telegram:42, discord:1234, web:me]</c>); <c>MyBot:Identity:SharedHistory</c>
/// makes their accounts share one conversation besides one memory.
/// </summary>
public sealed class IdentityOptions
{
    public const string SectionName = "MyBot:Identity";

    public const string IdentitiesSectionName = "MyBot:Identities";

    /// <summary>The identity messages on the agent's own initiative go to when a cron job or <c>send_message</c> says <c>owner</c>.</summary>
    public const string Owner = "owner";

    /// <summary>When true, a person's accounts share one conversation history (and <c>/new</c> starts it over for all of them).</summary>
    public bool SharedHistory { get; set; }

    /// <summary>Identity name → its accounts, bound from <see cref="IdentitiesSectionName"/>.</summary>
    public Dictionary<string, List<string>> Identities { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The configured identity of an account (<c>platform:user</c>), or null.</summary>
    public string? Find(string account) =>
        Identities.FirstOrDefault(i => i.Value.Contains(account, StringComparer.Ordinal)).Key;
}
