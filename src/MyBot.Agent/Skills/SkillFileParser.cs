using MyBot.Agent.Workspace;

namespace MyBot.Agent.Skills;

/// <summary>Reads a <c>SKILL.md</c> (the Agent Skills format): front matter with <c>name</c> and <c>description</c>, then the instructions.</summary>
public static class SkillFileParser
{
    /// <summary>The description is all the model sees until it loads the skill; the Agent Skills format caps it too.</summary>
    public const int MaxDescriptionLength = 1024;

    // The format's optional settings are accepted so a skill written for another agent loads unchanged; MyBot does not use them.
    private static readonly string[] KnownKeys = ["name", "description", "license", "compatibility", "metadata", "allowed-tools"];

    /// <param name="path">Where the file is, for messages.</param>
    /// <param name="folder">The workspace path of the skill's folder (<c>skills/&lt;name&gt;</c>); its last part is the name the skill must have.</param>
    public static SkillDefinition Parse(string path, string folder, string text)
    {
        var folderName = folder[(folder.LastIndexOf('/') + 1)..];
        var document = FrontMatter.Read(path, text);
        string? name = null;
        string? description = null;
        foreach (var (keyNode, valueNode) in document.Settings.Children)
        {
            var key = FrontMatter.Key(keyNode);
            switch (key)
            {
                case "name":
                    name = FrontMatter.Scalar(path, key, valueNode);
                    break;
                case "description":
                    description = FrontMatter.Scalar(path, key, valueNode).Trim();
                    break;
                case var known when KnownKeys.Contains(known):
                    break;
                default:
                    throw new WorkspaceFileException(path, FrontMatter.LineOf(keyNode), $"unknown setting '{key}'; known settings are {string.Join(", ", KnownKeys)}.");
            }
        }

        if (name is null)
        {
            throw new WorkspaceFileException(path, 2, "'name' is missing: the skill's name, the same as its folder's.");
        }

        if (!string.Equals(name, folderName, StringComparison.Ordinal))
        {
            throw new WorkspaceFileException(path, FrontMatter.LineOfKey(document.Settings, "name"), $"name '{name}' does not match the skill's folder '{folderName}'; rename one of them.");
        }

        if (string.IsNullOrEmpty(description))
        {
            throw new WorkspaceFileException(path, description is null ? 2 : FrontMatter.LineOfKey(document.Settings, "description"), "'description' is missing: say what the skill does and when to use it; the agent sees only this until it loads the skill.");
        }

        if (description.Length > MaxDescriptionLength)
        {
            throw new WorkspaceFileException(path, FrontMatter.LineOfKey(document.Settings, "description"), $"'description' has {description.Length} characters; at most {MaxDescriptionLength}.");
        }

        if (document.Body.Length == 0)
        {
            throw new WorkspaceFileException(path, document.BodyLine, "the instructions are empty: write them after the closing '---' line.");
        }

        return new SkillDefinition(name, description, document.Body, folder, path);
    }
}
