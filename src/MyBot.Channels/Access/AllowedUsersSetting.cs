using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace MyBot.Channels.Access;

/// <summary>
/// A channel's <c>AllowedUsers</c> in both forms people write it: a list (<c>AllowedUsers:0</c>, a JSON array) and one
/// comma-separated string. The configuration binder fills a list from the first form and ignores the second.
/// </summary>
public static class AllowedUsersSetting
{
    public const string Key = "AllowedUsers";

    private static readonly char[] Separators = [',', ';', ' '];

    /// <summary>Adds the comma-separated form of <c>{section}:AllowedUsers</c> to the list the binder filled from the list form.</summary>
    public static OptionsBuilder<TOptions> BindAllowedUsers<TOptions>(
        this OptionsBuilder<TOptions> builder, IConfigurationSection section, Func<TOptions, IList<string>> allowedUsers)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(allowedUsers);
        return builder.Configure(options =>
        {
            if (section.GetSection(Key).Value is { } commaSeparated)
            {
                allowedUsers(options).Add(commaSeparated);
            }
        });
    }

    /// <summary>Every user of the entries, each of which may itself list several, comma separated.</summary>
    public static IReadOnlyCollection<string> Split(IEnumerable<string> entries) =>
        entries.SelectMany(entry => entry.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
}
