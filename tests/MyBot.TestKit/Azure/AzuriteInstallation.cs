using System.Diagnostics;
using MyBot.TestKit.Server;

namespace MyBot.TestKit.Azure;

/// <summary>
/// Azurite as <c>scripts/install-test-deps.sh</c> installs it under <c>.tools/azurite</c>. A plain <c>dotnet test</c> on a
/// fresh clone has not run the script, so the first fixture that needs Azurite runs it, under a file lock that makes
/// test assemblies running side by side install it once.
/// </summary>
public static class AzuriteInstallation
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    public static string Executable { get; } = Path.Combine(RepositoryPaths.Root, ".tools", "azurite", "node_modules", ".bin", "azurite");

    public static void EnsureInstalled()
    {
        if (File.Exists(Executable))
        {
            return;
        }

        Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, ".tools"));
        using var installLock = AcquireLock(Path.Combine(RepositoryPaths.Root, ".tools", "azurite.install.lock"));
        if (File.Exists(Executable))
        {
            return;
        }

        var script = Path.Combine(RepositoryPaths.Root, "scripts", "install-test-deps.sh");
        using var install = Process.Start(new ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"Could not run {script}.");
        var output = install.StandardOutput.ReadToEndAsync();
        var error = install.StandardError.ReadToEndAsync();
        if (!install.WaitForExit(InstallTimeout) || install.ExitCode != 0 || !File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed at {Executable} and {script} did not install it: {output.Result}{error.Result}");
        }
    }

    private static FileStream AcquireLock(string path)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (deadline.Elapsed < InstallTimeout)
            {
                // Another test assembly is installing; its lock goes when it is done.
                Thread.Sleep(TimeSpan.FromMilliseconds(200));
            }
        }
    }
}
