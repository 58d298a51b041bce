using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Runtime.Hosting;
using MyBot.Runtime.Timers;

namespace MyBot.Runtime;

/// <summary>The directory of live activations in this process: creates them on first call, collects idle ones.</summary>
internal sealed partial class GrainCatalog : IDisposable
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly Dictionary<Type, GrainTypeRegistration> _byInterface;
    private readonly Dictionary<string, GrainTypeRegistration> _byTypeName;
    private readonly RuntimeOptions _options;
    private readonly ITimer _idleCollector;

    public GrainCatalog(
        IEnumerable<GrainTypeRegistration> registrations,
        IOptions<RuntimeOptions> options,
        TimeProvider timeProvider,
        GrainActivator activator,
        Lazy<ReminderService> reminders,
        ILogger<GrainCatalog> logger)
    {
        var all = registrations.ToList();
        _byInterface = all.ToDictionary(r => r.InterfaceType);
        _byTypeName = all.ToDictionary(r => r.TypeName, StringComparer.Ordinal);
        _options = options.Value;
        TimeProvider = timeProvider;
        Activator = activator;
        LazyReminders = reminders;
        Logger = logger;
        GrainFactory = new GrainFactory(this);
        var interval = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, Math.Min(_options.IdleDeactivation.Ticks / 2, TimeSpan.FromMinutes(1).Ticks)));
        _idleCollector = timeProvider.CreateTimer(_ => _ = CollectIdleAsync(), null, interval, interval);
    }

    public TimeProvider TimeProvider { get; }

    public GrainActivator Activator { get; }

    public ReminderService Reminders => LazyReminders.Value;

    public ILogger Logger { get; }

    public IGrainFactory GrainFactory { get; }

    public int Count => _activations.Count;

    private Lazy<ReminderService> LazyReminders { get; }

    public GrainTypeRegistration RegistrationFor(Type interfaceType) =>
        _byInterface.TryGetValue(interfaceType, out var registration)
            ? registration
            : throw new InvalidOperationException($"No grain implements {interfaceType.Name}; register it with services.AddGrain<{interfaceType.Name}, TGrain>().");

    public GrainTypeRegistration? RegistrationFor(string typeName) => _byTypeName.GetValueOrDefault(typeName);

    public async Task<T> InvokeAsync<T>(GrainTypeRegistration registration, string key, Func<Grain, Task<T>> call, CancellationToken cancellationToken)
    {
        var grainId = new GrainId(registration.TypeName, key);
        while (true)
        {
            var activation = _activations.GetOrAdd(
                grainId,
                id => new GrainActivation(this, registration, id, StableHash.Partition(id.Key, _options.Partitions)));
            try
            {
                return await activation.InvokeAsync(call, cancellationToken);
            }
            catch (ActivationDeactivatedException)
            {
            }
        }
    }

    public void Remove(GrainActivation activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.GrainId, activation));

    public async Task DeactivateAllAsync(Func<GrainActivation, bool> predicate, DeactivationReason reason, CancellationToken cancellationToken)
    {
        var targets = _activations.Values.Where(predicate).ToList();
        await Task.WhenAll(targets.Select(a => a.DeactivateAsync(reason, cancellationToken)));
    }

    public void Dispose() => _idleCollector.Dispose();

    private async Task CollectIdleAsync()
    {
        var cutoff = TimeProvider.GetUtcNow() - _options.IdleDeactivation;
        var collected = 0;
        foreach (var activation in _activations.Values)
        {
            if (!activation.IsBusy && activation.LastUsed <= cutoff && await activation.TryDeactivateAsync(DeactivationReason.Idle, CancellationToken.None))
            {
                collected++;
            }
        }

        if (collected > 0)
        {
            Log.IdleCollected(Logger, collected, _activations.Count);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "Deactivated {Collected} idle grains; {Remaining} remain active")]
        public static partial void IdleCollected(ILogger logger, int collected, int remaining);
    }
}
