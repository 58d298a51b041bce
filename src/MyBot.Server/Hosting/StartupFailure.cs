using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using MyBot.Orleans.FileStorage.Data;

namespace MyBot.Server.Hosting;

/// <summary>
/// Turns an exception that stopped the start because of the configuration or the machine (a bad setting, a broken
/// appsettings.json, a data directory or port that cannot be used) into the one line the owner needs; anything else is a bug
/// and keeps its stack trace.
/// </summary>
public static class StartupFailure
{
    /// <summary>The line to print, without its "MyBot cannot start: " prefix, or null when the exception is not a configuration mistake.</summary>
    public static string? Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        foreach (var cause in Chain(exception))
        {
            switch (cause)
            {
                case ServerConfigurationException:
                case DataDirectoryUnavailableException:
                    return cause.Message;
                case OptionsValidationException validation:
                    return $"the configuration is invalid: {string.Join(" ", validation.Failures)}";
                case InvalidDataException { InnerException: not null } when cause.Message.StartsWith("Failed to load configuration from file", StringComparison.Ordinal):
                    return ConfigurationFile(cause);
                case InvalidOperationException when cause.Source == "Microsoft.Extensions.Configuration.Binder":
                    return $"{cause.Message} Fix that setting (in appsettings.json, the environment or the command line).";
                case AddressInUseException or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }:
                    return "a port the server needs is already in use by another process (another MyBot server?). Stop it, or move this server with --urls and MyBot__Orleans__SiloPort.";
            }
        }

        return null;
    }

    private static string ConfigurationFile(Exception loadFailure)
    {
        var position = Chain(loadFailure).OfType<JsonException>().FirstOrDefault() is { LineNumber: { } line } json
            ? $" at line {line + 1}, column {(json.BytePositionInLine ?? 0) + 1}"
            : string.Empty;
        var reason = Chain(loadFailure).Last().Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return $"{loadFailure.Message.TrimEnd('.')} (not valid JSON{position}: {(cut < 0 ? reason : reason[..cut])}). Fix the file, or remove it to run on the defaults.";
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }

                yield break;
            }

            yield return current;
        }
    }
}
