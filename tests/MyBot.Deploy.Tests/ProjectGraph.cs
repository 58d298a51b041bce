using System.Xml.Linq;

namespace MyBot.Deploy.Tests;

/// <summary>The project references of a csproj, followed transitively, read from the project files themselves.</summary>
internal static class ProjectGraph
{
    /// <summary>Full paths of <paramref name="projectPath"/> and every project it references, directly or not.</summary>
    public static IReadOnlySet<string> Closure(string projectPath)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(Path.GetFullPath(projectPath));
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(project))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(project)!;
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")?.Value
                    ?? throw new InvalidOperationException($"{project}: ProjectReference without Include.");
                pending.Push(Path.GetFullPath(Path.Combine(directory, include.Replace('\\', Path.DirectorySeparatorChar))));
            }
        }

        return seen;
    }

    /// <summary>The assembly name a project builds: its AssemblyName property, else the project file's name.</summary>
    public static string AssemblyName(string projectPath)
    {
        var declared = XDocument.Load(projectPath).Descendants("AssemblyName").Select(element => element.Value.Trim()).LastOrDefault();
        return string.IsNullOrEmpty(declared) ? Path.GetFileNameWithoutExtension(projectPath) : declared;
    }
}
