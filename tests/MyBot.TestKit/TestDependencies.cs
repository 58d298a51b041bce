using System.Diagnostics;
using MyBot.TestKit.Server;

namespace MyBot.TestKit;

/// <summary>
/// What <c>scripts/install-test-deps.sh</c> installs (Azurite, Chromium). A plain <c>dotnet test</c> on a fresh clone
/// has not run the script, so the first fixture that finds a dependency missing runs it, under a file lock that makes
/// test assemblies running side by side install once.
/// </summary>
public static class TestDependencies
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Runs the script when <paramref name="path"/> is missing, and fails with its output when that did not install it.</summary>
    public static void EnsureInstalled(string path, string what)
    {
        if (File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, ".tools"));
        using var installLock = AcquireLock(Path.Combine(RepositoryPaths.Root, ".tools", "install.lock"));
        if (File.Exists(path))
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
        if (!install.WaitForExit(InstallTimeout) || install.ExitCode != 0 || !File.Exists(path))
        {
            throw new InvalidOperationException($"{what} is not installed at {path} and {script} did not install it: {output.Result}{error.Result}");
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
