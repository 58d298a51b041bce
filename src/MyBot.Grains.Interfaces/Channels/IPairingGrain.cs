namespace MyBot.Grains;

/// <summary>
/// Pairing codes and approved users of the whole deployment (one activation, key <see cref="Key"/>), so the owner
/// approves a code without naming its channel. One writer by construction: no read-modify-write retries.
/// </summary>
public interface IPairingGrain : IGrainWithStringKey
{
    public const string Key = "pairing";

    Task<bool> IsApprovedAsync(string platform, string userId);

    /// <summary>The user's unexpired code, or a new one valid for <paramref name="lifetime"/>.</summary>
    Task<PairingRequest> GetOrCreateCodeAsync(string platform, string userId, string? displayName, TimeSpan lifetime);

    /// <summary>Approves the user holding the unexpired <paramref name="code"/>; null when no such code is waiting.</summary>
    Task<ApprovedUser?> ApproveAsync(string code);

    /// <summary>Drops the unexpired <paramref name="code"/> without letting its user in; null when no such code is waiting. The user gets a new code if they write again.</summary>
    Task<PairingRequest?> DenyAsync(string code);

    /// <summary>Takes an approved user's access away; false when the user was not approved by pairing.</summary>
    Task<bool> RemoveApprovedAsync(string platform, string userId);

    Task<PairingList> ListAsync();
}
