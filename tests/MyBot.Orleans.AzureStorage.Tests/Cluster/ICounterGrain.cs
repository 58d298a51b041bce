using Orleans;

namespace MyBot.Orleans.AzureStorage.Tests.Cluster;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<CounterSnapshot> IncrementAsync();
}
