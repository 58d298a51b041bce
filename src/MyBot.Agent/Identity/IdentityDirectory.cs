using Microsoft.Extensions.Options;
using MyBot.Agent.Tools;
using Orleans;

namespace MyBot.Agent.Identity;

/// <summary>
/// Which person an account is (configured in <see cref="IdentityOptions"/>, or linked by the owner at pairing), and
/// where a person is reached. Without configured identities every account is its own person and nothing is asked.
/// </summary>
public sealed class IdentityDirectory(IOptions<IdentityOptions> options, IGrainFactory grains)
{
    /// <summary>The platform part of the keys of an identity's shared memory and session (<c>identity:owner</c>).</summary>
    public const string KeyPlatform = "identity";

    public bool SharedHistory => options.Value.Identity.SharedHistory && options.Value.Identities.Count > 0;

    public static string KeyOf(string identity) => $"{KeyPlatform}:{identity}";

    public async Task<string?> IdentityOfAsync(EventSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (options.Value.Identities.Count == 0)
        {
            return null;
        }

        var account = ToolContext.UserKeyOf(source);
        return options.Value.Find(account) ?? await Directory.FindAsync(account);
    }

    /// <summary>Resolves the identity of a message's sender and remembers the chat as where that person is reached now.</summary>
    public async Task<string?> ArrivedAsync(EventSource source)
    {
        var identity = await IdentityOfAsync(source);
        if (identity is not null)
        {
            await Directory.RecordSourceAsync(identity, source);
        }

        return identity;
    }

    /// <summary>Only configured identities exist: pairing links an account to one of them, it never makes a new one.</summary>
    public bool IsKnown(string identity) => options.Value.Identities.ContainsKey(identity);

    /// <summary>
    /// Where to send a message to an identity: the chat it last wrote from, else its first configured account (a
    /// private chat on Telegram has the user's id); null for an unknown identity or one never seen without accounts.
    /// </summary>
    public async Task<EventSource?> ReachAsync(string identity)
    {
        if (!IsKnown(identity))
        {
            return null;
        }

        if (await Directory.LastSourceAsync(identity) is { } last)
        {
            return last;
        }

        return options.Value.Identities.TryGetValue(identity, out var accounts) && accounts.Count > 0 ? EventSource.Parse(accounts[0]) : null;
    }

    private IIdentityGrain Directory => grains.GetGrain<IIdentityGrain>(IIdentityGrain.Key);
}
