namespace MyBot.Cli.Commands;

/// <summary>How the admin commands end: exit code 0, or one line of advice on standard error and exit code 1.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(Func<Task> action)
    {
        try
        {
            await action();
            return 0;
        }
        catch (CliException exception)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}");
            return 1;
        }
    }
}
