namespace MyBot.Agent.Skills;

/// <summary>A skill as its <c>SKILL.md</c> describes it: what the prompt lists, and the instructions <c>use_skill</c> loads.</summary>
/// <param name="Folder">The workspace path of the skill's folder (<c>skills/&lt;name&gt;</c>); <c>use_skill</c> reads the files beside <c>SKILL.md</c> from here and nowhere else.</param>
/// <param name="SourcePath">Where its <c>SKILL.md</c> is, as the owner would look for it (a file path, a blob URI).</param>
public sealed record SkillDefinition(string Name, string Description, string Body, string Folder, string SourcePath);
