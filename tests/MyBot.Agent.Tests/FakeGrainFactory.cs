using System.Collections.Concurrent;
using MyBot.Agent.Memory;
using MyBot.Agent.Usage;
using MyBot.Runtime;

namespace MyBot.Agent.Tests;

/// <summary>In-memory stand-ins for the user-keyed grains, for unit tests that run without the grain runtime.</summary>
internal sealed class FakeGrainFactory(TimeProvider timeProvider) : IGrainFactory
{
    private readonly ConcurrentDictionary<(Type, string), object> _grains = new();

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey =>
        (TGrainInterface)_grains.GetOrAdd((typeof(TGrainInterface), key), _ => Create(typeof(TGrainInterface)));

    private object Create(Type type) => type == typeof(IUsageGrain) ? new Usage(timeProvider)
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
