using Orleans;

namespace MyBot.Orleans.AzureStorage.Tests.Cluster;

/// <param name="Activation">Unique per activation of the grain.</param>
[GenerateSerializer]
public sealed record CounterSnapshot([property: Id(0)] Guid Activation, [property: Id(1)] string Silo, [property: Id(2)] int Count);
