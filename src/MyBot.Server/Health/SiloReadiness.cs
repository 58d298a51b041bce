using Orleans.Runtime;

namespace MyBot.Server.Health;

/// <summary>
/// Whether this process's silo serves grains: active from the end of its start to the beginning of its stop, so
/// <c>/readyz</c> sends traffic elsewhere while a stopping silo hands its grains over.
/// </summary>
public sealed class SiloReadiness : ILifecycleParticipant<ISiloLifecycle>
{
    private volatile bool _active;

    public bool IsActive => _active;

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(
            nameof(SiloReadiness),
            ServiceLifecycleStage.Active,
            _ =>
            {
                _active = true;
                return Task.CompletedTask;
            },
            _ =>
            {
                _active = false;
                return Task.CompletedTask;
            });
    }
}
