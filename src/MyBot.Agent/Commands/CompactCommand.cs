namespace MyBot.Agent.Commands;

public sealed class CompactCommand : IChatCommand
{
    public string Name => "compact";

    public string Usage => "/compact";

    public string Description => "summarise the conversation so far to keep it short";

    public Task<string> ExecuteAsync(CommandContext context, string arguments, CancellationToken cancellationToken) =>
        context.Session.CompactAsync(cancellationToken);
}
