using Microsoft.Extensions.Options;

namespace MyBot.Agent.Agents;

/// <summary>Fails the start on a binding that cannot match anything, rather than silently routing to the default agent.</summary>
public sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Bindings.Count; i++)
        {
            var binding = options.Bindings[i];
            if (!AgentBindingRouter.IsValidPattern(binding.Match))
            {
                failures.Add($"MyBot:Bindings:{i}:Match '{binding.Match}' is not a pattern; expected 'platform[:user[:chat]]' with '*' for any part.");
            }

            if (!AgentNames.IsValid(binding.Agent?.Trim().ToLowerInvariant()))
            {
                failures.Add($"MyBot:Bindings:{i}:Agent '{binding.Agent}' is not an agent name (lowercase letters, digits, '-' and '_').");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
