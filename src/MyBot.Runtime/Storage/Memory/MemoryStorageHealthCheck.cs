namespace MyBot.Runtime.Storage.Memory;

public sealed class MemoryStorageHealthCheck : IStorageHealthCheck
{
    public Task CheckAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
