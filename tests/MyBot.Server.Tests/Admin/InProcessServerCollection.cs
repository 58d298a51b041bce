namespace MyBot.Server.Tests.Admin;

/// <summary>
/// Tests that run the server in this process, one at a time: the product's meter is one per process, so a server's
/// traffic counters would count another's messages.
/// </summary>
[CollectionDefinition(Name)]
public sealed class InProcessServerCollection
{
    public const string Name = "in-process servers";
}
