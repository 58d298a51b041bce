using Microsoft.Extensions.Configuration.Json;

namespace MyBot.Server.Hosting;

/// <summary>
/// Says once at start which configuration files were read: appsettings.json is looked for in the current directory
/// (the content root), and a file elsewhere is silently ignored.
/// </summary>
internal sealed partial class ConfigurationFilesLogger(IConfiguration configuration, IHostEnvironment environment, ILogger<ConfigurationFilesLogger> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var files = configuration is IConfigurationRoot root
            ? root.Providers.OfType<JsonConfigurationProvider>()
                .Select(provider => provider.Source.FileProvider?.GetFileInfo(provider.Source.Path ?? string.Empty))
                .Where(file => file is { Exists: true, PhysicalPath: not null })
                .Select(file => file!.PhysicalPath!)
                .ToList()
            : [];
        if (files.Count > 0)
        {
            LogFiles(string.Join(", ", files));
        }
        else
        {
            LogNoFiles(Path.Combine(environment.ContentRootPath, "appsettings.json"));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Configuration files: {Files}, then environment variables and the command line.")]
    private partial void LogFiles(string files);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "No configuration file ({Expected} does not exist): settings come from environment variables and the command line.")]
    private partial void LogNoFiles(string expected);
}
