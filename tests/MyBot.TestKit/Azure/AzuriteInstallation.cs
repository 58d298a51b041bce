using MyBot.TestKit.Server;

namespace MyBot.TestKit.Azure;

/// <summary>Azurite as <c>scripts/install-test-deps.sh</c> installs it under <c>.tools/azurite</c>, installed on first use.</summary>
public static class AzuriteInstallation
{
    public static string Executable { get; } = Path.Combine(RepositoryPaths.Root, ".tools", "azurite", "node_modules", ".bin", "azurite");

    public static void EnsureInstalled() => TestDependencies.EnsureInstalled(Executable, "Azurite");
}
