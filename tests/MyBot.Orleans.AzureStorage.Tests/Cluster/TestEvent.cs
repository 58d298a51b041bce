using Orleans;

namespace MyBot.Orleans.AzureStorage.Tests.Cluster;

[GenerateSerializer]
[Alias("MyBot.Orleans.AzureStorage.Tests.TestEvent")]
public sealed record TestEvent([property: Id(0)] string Text);
