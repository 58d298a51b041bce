namespace MyBot.Orleans.FileStorage.Tests.Cluster;

/// <summary>A grain with one persistent state in the default (file) storage.</summary>
public interface INoteGrain : IGrainWithStringKey
{
    Task SetAsync(string text);

    Task<string> GetAsync();
}
