namespace MyBot.Agent.Identity;

/// <summary>Bound from <c>MyBot:Identity</c>.</summary>
public sealed class IdentitySettings
{
    /// <summary>When true, a person's accounts share one conversation history (and <c>/new</c> starts it over for all of them).</summary>
    public bool SharedHistory { get; set; }
}
