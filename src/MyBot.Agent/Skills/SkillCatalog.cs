using Microsoft.Extensions.Logging;
using MyBot.Agent.Agents;
using MyBot.Agent.Workspace;

namespace MyBot.Agent.Skills;

/// <summary>
/// Loads <c>skills/&lt;name&gt;/SKILL.md</c> from the workspace and reloads on change; a skill that fails to read or
/// parse keeps its last good version while the error is reported, as agents do (<see cref="WorkspaceFolderWatcher{T}"/>).
/// </summary>
public sealed class SkillCatalog : IDisposable
{
    public const string SkillFileName = "SKILL.md";

    /// <summary>The workspace path of the skills' folders.</summary>
    public const string SkillsFolder = "skills";

    private readonly WorkspaceFolderWatcher<SkillDefinition> _files;

    public SkillCatalog(IAgentWorkspace workspace, TimeProvider timeProvider, ILogger<SkillCatalog> logger)
    {
        SkillsLocation = workspace.Locate(SkillsFolder);
        _files = new WorkspaceFolderWatcher<SkillDefinition>(
            workspace,
            SkillsFolder,
            SkillFileName,
            "skills",
            (path, name, text) => SkillFileParser.Parse(path, $"{SkillsFolder}/{name}", text),
            timeProvider,
            logger);
    }

    /// <summary>Where the skills are, as the owner would look for them (a folder, a blob URI).</summary>
    public string SkillsLocation { get; }

    public IReadOnlyList<SkillDefinition> Skills => [.. _files.Items.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];

    public IReadOnlyList<WorkspaceLoadError> Errors => _files.Errors;

    public SkillDefinition? Find(string name) => _files.Items.GetValueOrDefault(name.Trim().ToLowerInvariant());

    /// <summary>The loaded skills the agent's <c>skills</c> allows, by name.</summary>
    public IReadOnlyList<SkillDefinition> ForAgent(AgentDefinition agent) => [.. Skills.Where(s => agent.AllowsSkill(s.Name))];

    /// <summary>Reads every skill folder again; called after changes settle, and by tests that need it now.</summary>
    public void Reload() => _files.Reload();

    public void Dispose() => _files.Dispose();
}
