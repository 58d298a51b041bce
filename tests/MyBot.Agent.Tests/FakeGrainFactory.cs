using System.Collections.Concurrent;
using MyBot.Agent.Usage;
using Orleans;
using Orleans.Runtime;

namespace MyBot.Agent.Tests;

/// <summary>
/// In-memory stand-ins for the user-keyed grains (usage, memory), for unit tests of the agent without a silo. Only
/// string-keyed grains are looked up by the agent; the other lookups are not supported. A test may pass its own usage
/// grain, which then serves every user.
/// </summary>
internal sealed class FakeGrainFactory(TimeProvider timeProvider, IUsageGrain? usage = null) : IGrainFactory
{
    private readonly ConcurrentDictionary<(Type, string), object> _grains = new();

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithStringKey =>
        (TGrainInterface)_grains.GetOrAdd((typeof(TGrainInterface), primaryKey), _ => Create(typeof(TGrainInterface)));

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithGuidKey => throw Unsupported();

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithIntegerKey => throw Unsupported();

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithGuidCompoundKey => throw Unsupported();

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithIntegerCompoundKey => throw Unsupported();

    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver obj) where TGrainObserverInterface : IGrainObserver => throw Unsupported();

    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver obj) where TGrainObserverInterface : IGrainObserver => throw Unsupported();

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey) => throw Unsupported();

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey) => throw Unsupported();

    public IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey) => throw Unsupported();

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension) => throw Unsupported();

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension) => throw Unsupported();

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable => throw Unsupported();

    public IAddressable GetGrain(GrainId grainId) => throw Unsupported();

    public IAddressable GetGrain(GrainId grainId, GrainInterfaceType interfaceType) => throw Unsupported();

    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey, string grainClassNamePrefix) => throw Unsupported();

    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey) => throw Unsupported();

    private static NotSupportedException Unsupported() => new("The fake grain factory serves string-keyed grains only.");

    private object Create(Type type) => type == typeof(IUsageGrain) ? usage ?? new Usage(timeProvider)
        : type == typeof(IUserMemoryGrain) ? new Memory(timeProvider)
        : throw new NotSupportedException($"No fake for {type.Name}.");

    private sealed class Usage(TimeProvider time) : IUsageGrain
    {
        private readonly UsageState _state = new();

        public Task RecordAsync(UsageRecord record)
        {
            UsageLedger.Apply(_state, Today(), record);
            return Task.CompletedTask;
        }

        public Task<UsageReport> GetReportAsync() => Task.FromResult(UsageLedger.Report(_state, Today()));

        public Task<IReadOnlyList<UsageDay>> GetDaysAsync() => Task.FromResult(UsageLedger.Days(_state));

        private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
    }

    private sealed class Memory(TimeProvider time) : IUserMemoryGrain
    {
        private readonly List<MemoryFact> _facts = [];

        public Task<MemoryFact> RememberAsync(string text)
        {
            var fact = new MemoryFact($"m{_facts.Count + 1}", text, time.GetUtcNow());
            _facts.Add(fact);
            return Task.FromResult(fact);
        }

        public Task<IReadOnlyList<MemoryFact>> ListAsync() => Task.FromResult<IReadOnlyList<MemoryFact>>([.. _facts]);

        public Task<IReadOnlyList<MemoryFact>> ForgetAsync(string idOrText)
        {
            var gone = _facts.Where(f => f.Id == idOrText || f.Text.Contains(idOrText, StringComparison.OrdinalIgnoreCase)).ToList();
            _facts.RemoveAll(gone.Contains);
            return Task.FromResult<IReadOnlyList<MemoryFact>>(gone);
        }
    }
}
