namespace MyBot.Runtime;

/// <summary>What an activation knows about itself; handed to the grain by the runtime.</summary>
public interface IGrainContext
{
    GrainId GrainId { get; }

    /// <summary>The stream partition the grain's key hashes to; only the owner of that partition runs the grain.</summary>
    int Partition { get; }

    IGrainFactory GrainFactory { get; }

    TimeProvider TimeProvider { get; }

    /// <summary>Asks the runtime to deactivate this activation once the current turn ends.</summary>
    void DeactivateOnIdle();

    /// <summary>A durable one-shot timer: survives a restart and calls <see cref="IRemindable.ReceiveReminder"/> once it is due.</summary>
    Task RegisterOrUpdateReminderAsync(string name, DateTimeOffset dueAt, CancellationToken cancellationToken = default);

    Task UnregisterReminderAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>A volatile timer whose callback runs as a turn of this grain (never interleaved with another call); it dies with the activation.</summary>
    IDisposable RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period);
}
