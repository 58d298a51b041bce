namespace MyBot.Agent.Skills;

/// <summary>A skill as its <c>SKILL.md</c> describes it: what the prompt lists, and the instructions <c>use_skill</c> loads.</summary>
/// <param name="Folder">The skill's folder; <c>use_skill</c> reads the files beside <c>SKILL.md</c> from here and nowhere else.</param>
public sealed record SkillDefinition(string Name, string Description, string Body, string Folder, string SourcePath);
