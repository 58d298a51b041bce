using MyBot.Deploy.Tests.Bicep;

namespace MyBot.Deploy.Tests.Infra;

/// <summary>
/// The environment variables the container app gets from Bicep, with every Bicep expression and secret reference
/// replaced by a local stand-in. An expression without a stand-in fails the build of the environment, so a variable
/// added to the Bicep cannot slip past the boot test.
/// </summary>
internal sealed class CloudModeEnvironment
{
    private readonly Dictionary<string, string?> _variables = new(StringComparer.Ordinal);

    /// <param name="expressions">Stand-ins for the Bicep value expressions (by expression text); a null stand-in drops the variable.</param>
    /// <param name="secrets">Values of the Container Apps secrets (by secret name); a secret without a value drops its variable.</param>
    public CloudModeEnvironment(IReadOnlyDictionary<string, string?> expressions, IReadOnlyDictionary<string, string> secrets)
    {
        foreach (var entry in InfraFiles.EnvironmentVariables)
        {
            if (entry.Object.StringLiteral("secretRef") is { } secretName)
            {
                if (secrets.TryGetValue(secretName, out var secret))
                {
                    _variables[entry.Name] = secret;
                }
                else if (!entry.IsConditional)
                {
                    throw new InvalidOperationException($"{entry.Name}: the always-set secret {secretName} has no test value.");
                }

                continue;
            }

            var expression = entry.Object["value"]!;
            if (entry.Object.StringLiteral("value") is { } literal)
            {
                _variables[entry.Name] = literal;
            }
            else if (expressions.TryGetValue(expression, out var standIn))
            {
                if (standIn is not null)
                {
                    _variables[entry.Name] = standIn;
                }
            }
            else if (!entry.IsConditional)
            {
                throw new InvalidOperationException($"{entry.Name}: no stand-in for the Bicep expression {expression}.");
            }
        }
    }

    public IReadOnlyDictionary<string, string?> Variables => _variables;

    public CloudModeEnvironment With(string name, string? value)
    {
        _variables[name] = value;
        return this;
    }

    public CloudModeEnvironment Without(string name)
    {
        _variables.Remove(name);
        return this;
    }
}
