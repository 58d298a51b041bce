using System.Diagnostics;
using MyBot.TestKit.Server;

namespace MyBot.Server.Tests.EndToEnd;

/// <summary>The built <c>mybot</c> CLI as a child process: its exit code, standard output and standard error.</summary>
internal static class MybotCli
{
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments) => RunAsync(arguments, string.Empty);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] arguments, string input)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.CliDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(E2eEnvironment.Bound);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mybot did not exit. stdout: {await output} stderr: {await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}
