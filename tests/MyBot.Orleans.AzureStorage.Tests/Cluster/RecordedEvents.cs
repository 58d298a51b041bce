using Orleans;

namespace MyBot.Orleans.AzureStorage.Tests.Cluster;

[GenerateSerializer]
public sealed class RecordedEvents
{
    [Id(0)]
    public List<string> Texts { get; set; } = [];
}
