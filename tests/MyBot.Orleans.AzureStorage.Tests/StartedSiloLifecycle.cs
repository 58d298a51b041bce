using Orleans;
using Orleans.Runtime;

namespace MyBot.Orleans.AzureStorage.Tests;

/// <summary>Runs the start steps a provider subscribes to a silo's lifecycle (Orleans' blob storage creates its container there), without a silo.</summary>
internal sealed class StartedSiloLifecycle : ISiloLifecycle
{
    private readonly List<(int Stage, ILifecycleObserver Observer)> _observers = [];

    public int HighestCompletedStage { get; private set; }

    public int LowestStoppedStage => int.MaxValue;

    public static async Task StartAsync(ILifecycleParticipant<ISiloLifecycle> participant)
    {
        var lifecycle = new StartedSiloLifecycle();
        participant.Participate(lifecycle);
        foreach (var (stage, observer) in lifecycle._observers.OrderBy(o => o.Stage))
        {
            await observer.OnStart(CancellationToken.None);
            lifecycle.HighestCompletedStage = stage;
        }
    }

    public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
    {
        var entry = (stage, observer);
        _observers.Add(entry);
        return new Subscription(() => _observers.Remove(entry));
    }

    private sealed class Subscription(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
