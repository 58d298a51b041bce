using System.Text.RegularExpressions;

namespace MyBot.Deploy.Tests.Server;

/// <summary>The README's configuration table against the options the server binds: each key once, each key real, each section documented.</summary>
public sealed partial class ReadmeConfigurationTableTests
{
    /// <summary>Keys the host reads itself rather than an options class of ours.</summary>
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase) { "urls" };

    private static readonly ConfigurationKeyCatalog Catalog = ConfigurationKeyCatalog.ForServer();

    private static IReadOnlyList<TableRow> Rows { get; } = ReadTable();

    [Fact]
    public void Lists_each_key_once()
    {
        Assert.NotEmpty(Rows);
        var repeated = Rows.GroupBy(row => row.Key, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        Assert.True(repeated.Count == 0, $"listed more than once: {string.Join(", ", repeated)}");
    }

    [Fact]
    public void Lists_only_keys_the_server_binds()
    {
        var unbound = Rows.Select(row => row.Key)
            .Where(key => !HostKeys.Contains(key) && !Catalog.Binds(Concrete(key)))
            .ToList();
        Assert.True(unbound.Count == 0, $"in the README but bound by no options class: {string.Join(", ", unbound)}");
    }

    [Fact]
    public void Names_the_environment_variable_of_each_key()
    {
        var wrong = Rows
            .Where(row => !HostKeys.Contains(row.Key) && !row.Environment.Contains($"`{row.Key.Replace(":", "__", StringComparison.Ordinal)}`", StringComparison.OrdinalIgnoreCase))
            .Select(row => row.Key)
            .ToList();
        Assert.True(wrong.Count == 0, $"environment column does not name the key with '__': {string.Join(", ", wrong)}");
    }

    [Fact]
    public void Documents_a_key_of_every_options_section_the_server_binds()
    {
        var readme = RepositoryLayout.ReadText("README.md");
        var undocumented = Catalog.OptionsTypes
            .Select(ConfigurationKeyCatalog.SectionNameOf)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(section => !Rows.Any(row => row.Key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase))
                && !readme.Contains($"`{section}`", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.True(undocumented.Count == 0, $"options sections with no key in the README: {string.Join(", ", undocumented)}");
    }

    /// <summary>Placeholders in documented keys (<c>N</c>, <c>&lt;model&gt;</c>) stand for a concrete index or name.</summary>
    private static string Concrete(string key) =>
        string.Join(':', key.Split(':').Select(part => part switch
        {
            "N" => "0",
            _ when part.StartsWith('<') && part.EndsWith('>') => "example",
            _ => part,
        }));

    private static List<TableRow> ReadTable()
    {
        var lines = RepositoryLayout.ReadText("README.md").Split('\n');
        var start = Array.FindIndex(lines, line => line.StartsWith("## Configuration", StringComparison.Ordinal));
        Assert.True(start >= 0, "the README has a '## Configuration' section");
        return lines.Skip(start + 1)
            .TakeWhile(line => !line.StartsWith("## ", StringComparison.Ordinal))
            .Select(line => RowPattern().Match(line))
            .Where(match => match.Success)
            .Select(match => new TableRow(match.Groups["key"].Value, match.Groups["environment"].Value))
            .ToList();
    }

    [GeneratedRegex(@"^\|\s*`(?<key>[^`]+)`\s*\|[^|]*\|(?<environment>[^|]*)\|")]
    private static partial Regex RowPattern();

    private sealed record TableRow(string Key, string Environment);
}
