using System.Globalization;
using System.Text;
using Orleans;

namespace MyBot.Agent.Commands;

public sealed class RemindersCommand(IGrainFactory grains) : IChatCommand
{
    public string Name => "reminders";

    public string Usage => "/reminders [cancel <id>]";

    public string Description => "list scheduled messages, or cancel one";

    public async Task<string> ExecuteAsync(CommandContext context, string arguments, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IScheduledMessagesGrain>(context.Source.ToString());
        var parts = arguments.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length > 0 && parts[0].Equals("cancel", StringComparison.OrdinalIgnoreCase))
        {
            if (parts.Length < 2)
            {
                return "Which one? `/reminders cancel <id>`, with an id from `/reminders`.";
            }

            var cancelled = await grain.CancelAsync(parts[1]);
            return cancelled is null ? $"There is no scheduled message '{parts[1]}'." : $"Cancelled {cancelled.Id}: {cancelled.Text}";
        }

        var pending = await grain.ListAsync();
        if (pending.Count == 0)
        {
            return "No scheduled messages. Ask me to remind you of something.";
        }

        var text = new StringBuilder("Scheduled messages:\n");
        foreach (var message in pending)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {message.Id} at {message.DueAt:yyyy-MM-dd HH:mm} UTC: {message.Text}");
        }

        return text.Append("\nCancel one with `/reminders cancel <id>`.").ToString();
    }
}
