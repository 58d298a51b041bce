namespace MyBot.Runtime;

/// <summary>Base class of a grain: one activation per key, one turn at a time.</summary>
/// <remarks>
/// Constructor parameters are resolved from DI, except <see cref="IPersistentState{TState}"/> parameters marked with
/// <see cref="PersistentStateAttribute"/> (loaded before <see cref="OnActivateAsync"/>) and <see cref="IGrainContext"/>.
/// </remarks>
public abstract class Grain
{
    private IGrainContext? _context;

    public IGrainContext GrainContext
    {
        get => _context ?? throw new InvalidOperationException("The grain has not been activated by the runtime.");
        internal set => _context = value;
    }

    public string GetPrimaryKeyString() => GrainContext.GrainId.Key;

    protected IGrainFactory GrainFactory => GrainContext.GrainFactory;

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    protected void DeactivateOnIdle() => GrainContext.DeactivateOnIdle();
}
