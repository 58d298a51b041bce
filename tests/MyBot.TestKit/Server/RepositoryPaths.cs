using System.Reflection;

namespace MyBot.TestKit.Server;

/// <summary>Where the repository and its built outputs are, seen from a test run.</summary>
public static class RepositoryPaths
{
    /// <summary>The directory holding MyBot.sln, found by walking up from the test's output directory.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built with (Debug or Release); the server is used from the same one.</summary>
    public static string Configuration { get; } =
        typeof(RepositoryPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string ProjectOutput(string projectDirectory, string assemblyFile) =>
        Path.Combine(Root, projectDirectory, "bin", Configuration, "net10.0", assemblyFile);

    public static string ServerDll => ProjectOutput(Path.Combine("src", "MyBot.Server"), "MyBot.Server.dll");

    public static string CliDll => ProjectOutput(Path.Combine("src", "MyBot.Cli"), "mybot.dll");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MyBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"MyBot.sln not found above {AppContext.BaseDirectory}.");
    }
}
