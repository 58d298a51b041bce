namespace MyBot.Runtime.Storage.File;

public sealed class FileStorageHealthCheck(FileDataDirectory directory) : IStorageHealthCheck
{
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var probe = directory.PathFor($".probe-{Environment.ProcessId}");
        try
        {
            await System.IO.File.WriteAllTextAsync(probe, "ok", cancellationToken);
            System.IO.File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The data directory '{directory.Root}' is not writable: {ex.Message} Check MyBot:DataDir and its permissions.", ex);
        }
    }
}
