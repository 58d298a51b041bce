namespace MyBot.Runtime.Storage;

/// <summary>Whether the storage backend can be read and written; behind <c>/readyz</c> and the start-up check.</summary>
public interface IStorageHealthCheck
{
    /// <summary>Throws with a message that names what is missing (a setting, a role, a directory permission).</summary>
    Task CheckAsync(CancellationToken cancellationToken);
}
