using MyBot.TestKit.Azure;

// The Azure tests drive node (Azurite) and, for scale-out, server processes: on a small machine they are faster one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace MyBot.Runtime.AzureStorage.Tests;

/// <summary>One Azurite for every test class here (each test isolates itself by service id); starting one per class costs more than it saves.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteServer>
{
    public const string Name = "Azurite";
}
