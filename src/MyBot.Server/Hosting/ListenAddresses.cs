using System.Net;
using Microsoft.Extensions.Configuration;

namespace MyBot.Server.Hosting;

/// <summary>Where Kestrel will listen, read from the same settings it reads (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>).</summary>
public static class ListenAddresses
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Whether the configuration names any address; when not, the server listens on <see cref="DefaultUrl"/>.</summary>
    public static bool AreConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"]);
    }

    /// <summary>The configured addresses that are reachable from other machines (a wildcard host, or any non-loopback one).</summary>
    public static IReadOnlyList<string> NonLoopback(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!AreConfigured(configuration))
        {
            return [];
        }

        if (!string.IsNullOrWhiteSpace(configuration["urls"]))
        {
            return configuration["urls"]!
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(url => !IsLoopback(url))
                .ToList();
        }

        // Ports alone bind every interface.
        return [.. $"{configuration["http_ports"]};{configuration["https_ports"]}"
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(port => $"*:{port}")];
    }

    private static bool IsLoopback(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd < 0 ? url : url[(schemeEnd + 3)..];
        var hostEnd = rest.StartsWith('[') ? rest.IndexOf(']', StringComparison.Ordinal) + 1 : rest.IndexOfAny([':', '/']);
        var host = hostEnd <= 0 ? rest : rest[..hostEnd];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
