namespace MyBot.Agent.Skills;

/// <summary>A file of a skill that <c>use_skill</c> will not read; the message is for the model.</summary>
public sealed class SkillFileRefusedException(string message) : Exception(message);
