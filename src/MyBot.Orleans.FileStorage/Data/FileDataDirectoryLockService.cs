using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MyBot.Orleans.FileStorage.Data;

/// <summary>
/// Opens the data directory, and so takes its lock, when the host starts rather than when a grain first stores state,
/// so a second silo on the same directory fails right away; says where the data lives.
/// </summary>
internal sealed partial class FileDataDirectoryLockService(FileDataDirectory directory, ILogger<FileDataDirectoryLockService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogOpened(directory.Root);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Data directory {Root} opened and locked (MyBot:DataDir).")]
    private partial void LogOpened(string root);
}
