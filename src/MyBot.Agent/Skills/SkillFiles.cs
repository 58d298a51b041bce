namespace MyBot.Agent.Skills;

/// <summary>
/// The files beside a <c>SKILL.md</c>, read only from inside the skill's folder: a path the model gives is relative,
/// has no <c>..</c>, and no part of it may be a symbolic link (a link could lead anywhere on the disk).
/// </summary>
public static class SkillFiles
{
    /// <summary>Files listed to the model when it loads a skill; a skill with more is unusual, and the rest can still be asked for.</summary>
    public const int MaxListed = 50;

    public static string Read(SkillDefinition skill, string relativePath, int maxBytes)
    {
        var path = Resolve(skill, relativePath);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new SkillFileRefusedException($"The skill '{skill.Name}' has no file '{relativePath}'. Its files: {string.Join(", ", List(skill))}.");
        }

        if (file.Length > maxBytes)
        {
            throw new SkillFileRefusedException($"The file '{relativePath}' of the skill '{skill.Name}' has {file.Length} bytes; files of at most {maxBytes} bytes are read.");
        }

        var text = File.ReadAllText(path);
        return text.Contains('\0', StringComparison.Ordinal)
            ? throw new SkillFileRefusedException($"The file '{relativePath}' of the skill '{skill.Name}' is not a text file.")
            : text;
    }

    /// <summary>The skill's files other than <c>SKILL.md</c>, relative, with '/' between folders; links are not followed.</summary>
    public static IReadOnlyList<string> List(SkillDefinition skill)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden, IgnoreInaccessible = true };
        return [.. Directory.EnumerateFiles(skill.Folder, "*", options)
            .Select(f => Path.GetRelativePath(skill.Folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => f != SkillCatalog.SkillFileName)
            .Order(StringComparer.Ordinal)
            .Take(MaxListed)];
    }

    private static string Resolve(SkillDefinition skill, string relativePath)
    {
        var parts = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || Path.IsPathRooted(relativePath) || parts.Any(p => p is ".." or "."))
        {
            throw new SkillFileRefusedException($"'{relativePath}' is not a path inside the skill '{skill.Name}': give a relative path such as 'reference.md', without '..'.");
        }

        var path = skill.Folder;
        foreach (var part in parts)
        {
            path = Path.Combine(path, part);
            FileSystemInfo entry = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
            if (entry.LinkTarget is not null)
            {
                throw new SkillFileRefusedException($"'{relativePath}' of the skill '{skill.Name}' goes through a symbolic link; only the skill's own files are read.");
            }
        }

        return path;
    }
}
