using MyBot.TestKit.Azure;

// The tests drive node (Azurite) and whole silos: on a small machine they are faster one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace MyBot.Orleans.AzureStorage.Tests;

/// <summary>One Azurite for every test class here; each test isolates itself with its own <see cref="AzureTestAccount"/>.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteServer>
{
    public const string Name = "Azurite";
}
