using MyBot.Channels;

namespace MyBot.Agent.Agents;

/// <summary>Picks the agent bound to a conversation: the binding naming the most of platform, user and chat wins.</summary>
public sealed class AgentBindingRouter
{
    private readonly IReadOnlyList<(string?[] Parts, int Specificity, string Agent, int Order)> _bindings;

    public AgentBindingRouter(IEnumerable<AgentBindingOptions> bindings)
    {
        _bindings = bindings.Select((binding, order) =>
        {
            var parts = ParsePattern(binding.Match);
            return (parts, Specificity(parts), binding.Agent.Trim().ToLowerInvariant(), order);
        }).ToList();
    }

    /// <summary>Returns null when no binding matches. On equal specificity the binding listed first wins.</summary>
    public string? Route(EventSource source)
    {
        string?[] actual = [source.Platform, source.UserId, source.ChatId];
        return _bindings
            .Where(b => Matches(b.Parts, actual))
            .OrderByDescending(b => b.Specificity)
            .ThenBy(b => b.Order)
            .Select(b => b.Agent)
            .FirstOrDefault();
    }

    public static bool IsValidPattern(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return false;
        }

        var parts = pattern.Trim().Split(':');
        return parts.Length <= 3 && parts.All(p => p == "*" || EventSource.IsValidId(p));
    }

    private static string?[] ParsePattern(string pattern)
    {
        if (!IsValidPattern(pattern))
        {
            throw new FormatException($"Binding '{pattern}' is not a pattern; expected 'platform[:user[:chat]]' with '*' for any part.");
        }

        var parts = pattern.Trim().Split(':');
        var result = new string?[3];
        for (var i = 0; i < parts.Length; i++)
        {
            result[i] = parts[i] == "*" ? null : parts[i];
        }

        return result;
    }

    // A chat outranks a user, a user outranks a platform: "telegram:*:42" beats "telegram:7".
    private static int Specificity(string?[] parts) =>
        (parts[0] is null ? 0 : 1) + (parts[1] is null ? 0 : 2) + (parts[2] is null ? 0 : 4);

    private static bool Matches(string?[] pattern, string?[] actual)
    {
        for (var i = 0; i < 3; i++)
        {
            if (pattern[i] is { } expected && !string.Equals(expected, actual[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
