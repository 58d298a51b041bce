namespace MyBot.Agent.Agents;

/// <summary>The agent written into a new workspace, and the fallback while the configured default cannot be loaded.</summary>
public static class DefaultAgentFile
{
    public const string Prompt =
        """
        You are MyBot, a personal assistant that its owner talks to from a phone, a terminal or a browser.
        Answer briefly and plainly. Use the tools you have when they help: look up the time, remember facts the user
        asks you to keep, schedule reminders, and fetch web pages.
        """;

    /// <param name="tools">Every registered tool: the default agent may use all of them.</param>
    public static string Content(string name, IEnumerable<string> tools) =>
        $"""
        ---
        name: {name}
        description: A helpful personal assistant.
        tools: [{string.Join(", ", tools)}]
        ---
        {Prompt}
        """;

    public static AgentDefinition Fallback(string name) =>
        new(name, "Built-in assistant (the agent files could not be loaded).", null, null, [], null, Prompt.Trim(), "(built in)");
}
