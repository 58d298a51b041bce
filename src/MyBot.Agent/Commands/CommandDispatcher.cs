using System.Collections.Frozen;
using System.Text;

namespace MyBot.Agent.Commands;

/// <summary>
/// Recognises <c>/command args</c> (also Telegram's <c>/command@botname</c>) and runs it before any LLM call.
/// An unknown command gets the list of commands, never a model call.
/// </summary>
public sealed class CommandDispatcher
{
    private readonly FrozenDictionary<string, IChatCommand> _commands;

    public CommandDispatcher(IEnumerable<IChatCommand> commands) =>
        _commands = commands.ToFrozenDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);

    public IEnumerable<IChatCommand> Commands => _commands.Values.OrderBy(c => c.Name, StringComparer.Ordinal);

    public static bool IsCommand(string text) => TryParse(text, out _, out _);

    /// <summary>Returns null when <paramref name="text"/> is not a command, so the message goes to the agent.</summary>
    public async Task<string?> TryHandleAsync(CommandContext context, string text, CancellationToken cancellationToken)
    {
        if (!TryParse(text, out var name, out var arguments))
        {
            return null;
        }

        if (name is "help" or "start")
        {
            return Help(name == "start");
        }

        if (!_commands.TryGetValue(name, out var command))
        {
            return $"I don't know the command `/{name}`.\n\n{Help(greeting: false)}";
        }

        return await command.ExecuteAsync(context, arguments, cancellationToken);
    }

    private static bool TryParse(string text, out string name, out string arguments)
    {
        name = arguments = string.Empty;
        var trimmed = text.TrimStart();
        if (trimmed.Length < 2 || trimmed[0] != '/' || !char.IsLetter(trimmed[1]))
        {
            return false;
        }

        var end = trimmed.IndexOfAny([' ', '\n', '\t', '\r']);
        var head = end < 0 ? trimmed[1..] : trimmed[1..end];
        var at = head.IndexOf('@', StringComparison.Ordinal);
        name = (at < 0 ? head : head[..at]).ToLowerInvariant();
        arguments = end < 0 ? string.Empty : trimmed[end..].Trim();

        // A path such as "/usr/bin is slow" is a message, not a command.
        return name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
    }

    private string Help(bool greeting)
    {
        var text = new StringBuilder();
        if (greeting)
        {
            text.AppendLine("Hello! Write to me like to a person; these commands work too:").AppendLine();
        }
        else
        {
            text.AppendLine("Commands:").AppendLine();
        }

        text.AppendLine("- `/help`: this list");
        foreach (var command in Commands)
        {
            text.Append("- `").Append(command.Usage).Append("`: ").AppendLine(command.Description);
        }

        return text.ToString().TrimEnd();
    }
}
