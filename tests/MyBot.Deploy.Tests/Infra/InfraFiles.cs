using MyBot.Deploy.Tests.Bicep;

namespace MyBot.Deploy.Tests.Infra;

/// <summary>The Bicep files under infra/, each read once.</summary>
internal static class InfraFiles
{
    private static readonly Lazy<IReadOnlyDictionary<string, BicepFile>> Files = new(() =>
        Directory.EnumerateFiles(RepositoryLayout.Infra, "*.bicep", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(RepositoryLayout.Infra, path).Replace('\\', '/'), BicepFile.Load));

    public static IReadOnlyDictionary<string, BicepFile> All => Files.Value;

    public static BicepFile Main => All["main.bicep"];

    public static BicepFile ContainerApp => Module("container-app");

    public static BicepFile Module(string name) => All[$"modules/{name}.bicep"];

    /// <summary>The file a module declaration in <paramref name="caller"/> deploys.</summary>
    public static BicepFile Target(BicepFile caller, BicepModuleCall call)
    {
        var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(caller.Path)!, call.Path));
        return All[Path.GetRelativePath(RepositoryLayout.Infra, path).Replace('\\', '/')];
    }

    public static IReadOnlyList<BicepListEntry> EnvironmentVariables => ContainerApp.ListVariable("environmentVariables");

    public static IReadOnlyList<BicepListEntry> Secrets => ContainerApp.ListVariable("secrets");
}
