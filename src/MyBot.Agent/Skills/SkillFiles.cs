using Microsoft.Extensions.FileProviders;

namespace MyBot.Agent.Skills;

/// <summary>
/// The files beside a <c>SKILL.md</c>, read through the workspace's file provider and only from inside the skill's
/// folder: a path the model gives is relative and has no <c>..</c>, and where the workspace is on disk no part of it may
/// be a symbolic link (a link could lead anywhere on the disk).
/// </summary>
public static class SkillFiles
{
    /// <summary>Files listed to the model when it loads a skill; a skill with more is unusual, and the rest can still be asked for.</summary>
    public const int MaxListed = 50;

    public static string Read(IFileProvider files, SkillDefinition skill, string relativePath, int maxBytes)
    {
        var file = Resolve(files, skill, relativePath);
        if (file is not { Exists: true, IsDirectory: false })
        {
            throw new SkillFileRefusedException($"The skill '{skill.Name}' has no file '{relativePath}'. Its files: {string.Join(", ", List(files, skill))}.");
        }

        if (file.Length > maxBytes)
        {
            throw new SkillFileRefusedException($"The file '{relativePath}' of the skill '{skill.Name}' has {file.Length} bytes; files of at most {maxBytes} bytes are read.");
        }

        using var reader = new StreamReader(file.CreateReadStream());
        var text = reader.ReadToEnd();
        return text.Contains('\0', StringComparison.Ordinal)
            ? throw new SkillFileRefusedException($"The file '{relativePath}' of the skill '{skill.Name}' is not a text file.")
            : text;
    }

    /// <summary>The skill's files other than <c>SKILL.md</c>, relative, with '/' between folders; links and hidden files are left out.</summary>
    public static IReadOnlyList<string> List(IFileProvider files, SkillDefinition skill)
    {
        var found = new List<string>();
        Collect(files, skill.Folder, string.Empty, found);
        return [.. found.Where(f => f != SkillCatalog.SkillFileName).Order(StringComparer.Ordinal).Take(MaxListed)];
    }

    private static void Collect(IFileProvider files, string folder, string prefix, List<string> found)
    {
        foreach (var entry in files.GetDirectoryContents(folder))
        {
            if (entry.Name.StartsWith('.') || IsLink(entry))
            {
                continue;
            }

            if (entry.IsDirectory)
            {
                Collect(files, $"{folder}/{entry.Name}", $"{prefix}{entry.Name}/", found);
            }
            else
            {
                found.Add(prefix + entry.Name);
            }
        }
    }

    /// <summary>Walks the path one folder at a time, so each part is checked before anything under it is read.</summary>
    /// <returns>The entry, or null when there is none at that path.</returns>
    private static IFileInfo? Resolve(IFileProvider files, SkillDefinition skill, string relativePath)
    {
        var parts = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || Path.IsPathRooted(relativePath) || parts.Any(p => p is ".." or "."))
        {
            throw new SkillFileRefusedException($"'{relativePath}' is not a path inside the skill '{skill.Name}': give a relative path such as 'reference.md', without '..'.");
        }

        var folder = skill.Folder;
        IFileInfo? entry = null;
        foreach (var part in parts)
        {
            if (entry is { IsDirectory: false })
            {
                return null;
            }

            entry = files.GetDirectoryContents(folder).FirstOrDefault(e => string.Equals(e.Name, part, StringComparison.Ordinal));
            if (entry is null)
            {
                return null;
            }

            if (IsLink(entry))
            {
                throw new SkillFileRefusedException($"'{relativePath}' of the skill '{skill.Name}' goes through a symbolic link; only the skill's own files are read.");
            }

            folder = $"{folder}/{part}";
        }

        return entry;
    }

    /// <summary>Only an entry on disk can be a link; a blob never is.</summary>
    private static bool IsLink(IFileInfo entry) =>
        entry.PhysicalPath is { } path && (entry.IsDirectory ? new DirectoryInfo(path) : (FileSystemInfo)new FileInfo(path)).LinkTarget is not null;
}
