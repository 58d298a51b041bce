using global::Orleans;
using global::Orleans.Runtime;
using global::Orleans.Serialization;
using global::Orleans.Storage;

namespace MyBot.TestKit.Orleans;

/// <summary>One silo's <see cref="IGrainStorage"/> over the cluster's <see cref="SharedGrainStateStore"/>, with Orleans' ETag contract.</summary>
internal sealed class SharedGrainStorage(SharedGrainStateStore store, Serializer serializer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (store.TryRead(Key(stateName, grainId), out var record))
        {
            grainState.State = serializer.Deserialize<T>(record.Data);
            grainState.ETag = record.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await store.PassWriteGateAsync();
        grainState.ETag = store.Write(Key(stateName, grainId), serializer.SerializeToArray(grainState.State), grainState.ETag);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        store.Clear(Key(stateName, grainId), grainState.ETag);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";
}
