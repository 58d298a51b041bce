using System.Collections;
using System.ComponentModel;
using System.Reflection;

namespace MyBot.Deploy.Tests.Server;

/// <summary>
/// The configuration keys the server binds, found by reflection: every public type in the server's assemblies with a
/// <c>public const string SectionName</c>, and its public settable properties, recursively. A collection or dictionary
/// property binds every key below it.
/// </summary>
internal sealed class ConfigurationKeyCatalog
{
    private const int MaxDepth = 8;

    private readonly HashSet<string> _leafKeys = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _openPrefixes = new(StringComparer.OrdinalIgnoreCase);

    private ConfigurationKeyCatalog(IReadOnlyList<Type> optionsTypes)
    {
        OptionsTypes = optionsTypes;
        foreach (var type in optionsTypes)
        {
            AddProperties(SectionNameOf(type), type, depth: 0);
        }
    }

    public IReadOnlyList<Type> OptionsTypes { get; }

    public IReadOnlyCollection<string> LeafKeys => _leafKeys;

    /// <summary>The catalog of the server project and every project it references.</summary>
    public static ConfigurationKeyCatalog ForServer()
    {
        var assemblies = ProjectGraph.Closure(RepositoryLayout.ServerProject)
            .Select(project => Assembly.Load(ProjectGraph.AssemblyName(project)));
        return new ConfigurationKeyCatalog(assemblies.SelectMany(OptionsTypesIn).OrderBy(type => type.FullName, StringComparer.Ordinal).ToList());
    }

    public static string SectionNameOf(Type optionsType) =>
        (string)optionsType.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!;

    /// <summary>Whether configuration key <paramref name="key"/> (colon-separated) is bound by some options class.</summary>
    public bool Binds(string key) =>
        _leafKeys.Contains(key) || _openPrefixes.Any(prefix => key.StartsWith(prefix + ":", StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<Type> OptionsTypesIn(Assembly assembly) =>
        assembly.GetExportedTypes().Where(type =>
            type is { IsClass: true, IsAbstract: false }
            && type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
            && field.FieldType == typeof(string));

    private void AddProperties(string prefix, Type type, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException($"Options nesting deeper than {MaxDepth} below {prefix}: a cycle?");
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var key = $"{prefix}:{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                _leafKeys.Add(key);
            }
            else if (typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                _openPrefixes.Add(key);
            }
            else
            {
                AddProperties(key, propertyType, depth + 1);
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive
        || type.IsEnum
        || type == typeof(string)
        || type == typeof(decimal)
        || type == typeof(Uri)
        || type == typeof(TimeSpan)
        || type == typeof(DateTime)
        || type == typeof(DateTimeOffset)
        || type == typeof(Guid)
        || TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));
}
