using Orleans;

namespace MyBot.Orleans.AzureStorage.Tests.Cluster;

public interface IRecordingGrain : IGrainWithStringKey
{
    Task<List<string>> GetRecordedAsync();
}
