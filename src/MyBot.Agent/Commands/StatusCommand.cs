using System.Globalization;

namespace MyBot.Agent.Commands;

public sealed class StatusCommand : IChatCommand
{
    public string Name => "status";

    public string Usage => "/status";

    public string Description => "agent, model, messages, tokens and age of this conversation";

    public Task<string> ExecuteAsync(CommandContext context, string arguments, CancellationToken cancellationToken)
    {
        var status = context.Session.GetStatus();
        var age = context.Now - status.StartedAt;
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"""
            Agent: {status.Agent}
            Model: {status.Model}
            Messages: {status.Messages}{(status.HasSummary ? " (older ones summarised)" : string.Empty)}
            Context: ~{status.ContextTokens:N0} of {status.ContextBudget:N0} tokens
            Tokens used in this conversation: {status.SessionTokens:N0}
            Started: {status.StartedAt:yyyy-MM-dd HH:mm} UTC ({FormatAge(age)} ago)
            """);
        return Task.FromResult(text);
    }

    private static string FormatAge(TimeSpan age) => age switch
    {
        { TotalMinutes: < 1 } => "less than a minute",
        { TotalHours: < 1 } => $"{(int)age.TotalMinutes} min",
        { TotalDays: < 1 } => $"{(int)age.TotalHours} h {age.Minutes} min",
        _ => $"{(int)age.TotalDays} d {age.Hours} h",
    };
}
