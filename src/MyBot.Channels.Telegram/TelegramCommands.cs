using Telegram.Bot.Types;

namespace MyBot.Channels.Telegram;

/// <summary>The bot's commands, registered with setMyCommands so Telegram offers them in the menu.</summary>
public static class TelegramCommands
{
    public const string Start = "start";
    public const string New = "new";
    public const string Help = "help";

    public const string HelpText =
        "Hi! I am your personal agent. Just write to me.\n\n/new starts a new conversation (I forget this chat's history)\n/help shows this message";

    public static IReadOnlyList<BotCommand> All { get; } =
    [
        new() { Command = Start, Description = "Start talking to the agent" },
        new() { Command = New, Description = "Start a new conversation" },
        new() { Command = Help, Description = "What this bot can do" },
    ];
}
