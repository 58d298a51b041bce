namespace MyBot.Grains;

/// <summary>
/// The accounts the owner linked to a configured identity at pairing approval, and where each identity last wrote
/// from (one activation, key <see cref="Key"/>). Accounts are <c>platform:user</c>.
/// </summary>
public interface IIdentityGrain : IGrainWithStringKey
{
    public const string Key = "identities";

    /// <summary>The identity an account belongs to, configured or linked; null when none.</summary>
    Task<string?> FindAsync(string account);

    Task<bool> IsKnownAsync(string identity);

    /// <summary>Links an account to a configured identity; throws <see cref="ArgumentException"/> for an unknown identity.</summary>
    Task LinkAsync(string account, string identity);

    /// <summary>Where the identity wrote from last: a message on its own initiative goes there.</summary>
    Task RecordSourceAsync(string identity, EventSource source);

    Task<EventSource?> LastSourceAsync(string identity);

    /// <summary>Linked accounts (not the configured ones), account → identity.</summary>
    Task<IReadOnlyDictionary<string, string>> ListLinksAsync();
}
