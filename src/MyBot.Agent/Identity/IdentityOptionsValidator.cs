using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;

namespace MyBot.Agent.Identity;

/// <summary>Fails the start on an identity name or account that could never match, or an account given to two people.</summary>
public sealed class IdentityOptionsValidator : IValidateOptions<IdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (identity, accounts) in options.Identities)
        {
            var key = $"MyBot:Identities:{identity}";
            if (!AgentNames.IsValid(identity))
            {
                failures.Add($"{key}: '{identity}' is not an identity name (lowercase letters, digits, '-' and '_').");
            }

            foreach (var account in accounts)
            {
                if (!EventSource.TryParse(account, out var source) || source.ChatId is not null)
                {
                    failures.Add($"{key}: '{account}' is not an account; expected 'platform:user', e.g. 'telegram:42'.");
                }
                else if (!owners.TryAdd(account, identity) && owners[account] != identity)
                {
                    failures.Add($"{key}: '{account}' is also an account of '{owners[account]}'; an account belongs to one identity.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
