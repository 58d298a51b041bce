using Orleans;
using Orleans.Placement;
using Orleans.Runtime;

namespace MyBot.Orleans.AzureStorage.Tests.Cluster;

/// <summary>Placed on the silo that first calls it, so a test knows which silo to stop.</summary>
[PreferLocalPlacement]
public sealed class CounterGrain([PersistentState("count")] IPersistentState<CounterState> state, ILocalSiloDetails silo) : Grain, ICounterGrain
{
    private readonly Guid _activation = Guid.NewGuid();

    public async Task<CounterSnapshot> IncrementAsync()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return new CounterSnapshot(_activation, silo.SiloAddress.ToString(), state.State.Count);
    }
}
