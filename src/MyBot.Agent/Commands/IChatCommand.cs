namespace MyBot.Agent.Commands;

/// <summary>A slash command answered without the LLM, on every channel.</summary>
public interface IChatCommand
{
    /// <summary>The name after the slash, lowercase: <c>new</c> for <c>/new</c>.</summary>
    string Name { get; }

    /// <summary>How to call it, for <c>/help</c>: <c>/agent &lt;name&gt;</c>.</summary>
    string Usage { get; }

    string Description { get; }

    /// <summary>Returns the reply (Markdown).</summary>
    Task<string> ExecuteAsync(CommandContext context, string arguments, CancellationToken cancellationToken);
}
