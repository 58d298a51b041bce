namespace MyBot.Agent.Conversation;

/// <param name="Reply">The Markdown to send to the user.</param>
/// <param name="CalledLlm">False for commands, refusals and unsupported messages.</param>
public sealed record TurnOutcome(string Reply, bool CalledLlm);
