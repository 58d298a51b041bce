using MyBot.Channels.Telegram.Api;

namespace MyBot.Channels.Telegram;

/// <summary>The bot's commands, registered with setMyCommands so Telegram offers them in the menu.</summary>
public static class TelegramCommands
{
    public const string Start = "start";
    public const string New = "new";
    public const string Help = "help";

    public const string HelpText =
        "Hi! I am your personal agent. Just write to me.\n\n/new starts a new conversation (I forget this chat's history)\n/help shows this message";

    public static IReadOnlyList<TelegramBotCommand> All { get; } =
    [
        new(Start, "Start talking to the agent"),
        new(New, "Start a new conversation"),
        new(Help, "What this bot can do"),
    ];
}
