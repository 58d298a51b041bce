using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Agent.Identity;

namespace MyBot.Grains.Identity;

/// <summary>The linked accounts and the last chat of each identity; configured accounts come from <see cref="IdentityOptions"/>.</summary>
[GrainType("identities")]
public sealed partial class IdentityGrain(
    [PersistentState("identities")] IPersistentState<IdentityState> state,
    IOptions<IdentityOptions> options,
    ILogger<IdentityGrain> logger) : Grain, IIdentityGrain
{
    public Task<string?> FindAsync(string account) =>
        Task.FromResult(options.Value.Find(account) ?? state.State.Links.GetValueOrDefault(account));

    public Task<bool> IsKnownAsync(string identity) => Task.FromResult(options.Value.Identities.ContainsKey(identity));

    public async Task LinkAsync(string account, string identity)
    {
        if (!options.Value.Identities.ContainsKey(identity))
        {
            throw new ArgumentException($"There is no identity '{identity}'; configured: {string.Join(", ", options.Value.Identities.Keys)}.", nameof(identity));
        }

        if (!EventSource.TryParse(account, out var source) || source.ChatId is not null)
        {
            throw new ArgumentException($"'{account}' is not an account ('platform:user').", nameof(account));
        }

        if (options.Value.Find(account) is { } configured && configured != identity)
        {
            throw new ArgumentException($"'{account}' is configured as an account of '{configured}'.", nameof(account));
        }

        if (state.State.Links.GetValueOrDefault(account) == identity)
        {
            return;
        }

        state.State.Links[account] = identity;
        await state.WriteStateAsync();
        Log.Linked(logger, account, identity);
    }

    public async Task RecordSourceAsync(string identity, EventSource source)
    {
        if (state.State.LastSources.GetValueOrDefault(identity) == source)
        {
            return;
        }

        state.State.LastSources[identity] = source;
        await state.WriteStateAsync();
    }

    public Task<EventSource?> LastSourceAsync(string identity) => Task.FromResult(state.State.LastSources.GetValueOrDefault(identity));

    public Task<IReadOnlyDictionary<string, string>> ListLinksAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(state.State.Links, StringComparer.Ordinal));

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Linked account {Account} to identity {Identity}")]
        public static partial void Linked(ILogger logger, string account, string identity);
    }
}
