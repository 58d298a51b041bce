namespace MyBot.Deploy.Tests;

/// <summary>Paths of the checked-out repository the tests read (found by walking up to MyBot.sln).</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string ServerProject => Path.Combine(Root, "src", "MyBot.Server", "MyBot.Server.csproj");

    public static string Infra => Path.Combine(Root, "infra");

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string ReadText(params string[] parts) => File.ReadAllText(PathOf(parts));

    /// <summary>A path relative to the root with forward slashes, the way Dockerfiles and azure.yaml spell paths.</summary>
    public static string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MyBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No MyBot.sln above {AppContext.BaseDirectory}.");
    }
}
