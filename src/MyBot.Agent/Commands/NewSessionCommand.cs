namespace MyBot.Agent.Commands;

public sealed class NewSessionCommand : IChatCommand
{
    public string Name => "new";

    public string Usage => "/new";

    public string Description => "start a fresh conversation (the old one stays in the transcript)";

    public async Task<string> ExecuteAsync(CommandContext context, string arguments, CancellationToken cancellationToken)
    {
        await context.Session.StartNewSessionAsync(cancellationToken);
        return "Started a fresh conversation. What's next?";
    }
}
