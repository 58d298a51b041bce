using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MyBot.Server.Orleans;

namespace MyBot.Server.Hosting;

/// <summary>
/// Checks the HTTP and silo ports before anything starts: a port taken by another process would otherwise fail the host
/// half started, with the silo's shutdown errors after it. Another process can still take a port in between; then the
/// start fails as <see cref="MyBotServer"/> describes it.
/// </summary>
public static class PortsInUse
{
    /// <summary>Throws <see cref="ServerConfigurationException"/> naming the first configured port another process holds.</summary>
    public static void ThrowIfAnyTaken(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var url in HttpUrls(configuration))
        {
            if (TryParse(url, out var endpoint) && IsTaken(endpoint))
            {
                throw new ServerConfigurationException(
                    $"{url} is already in use by another process (another MyBot server?). Stop it, or listen on another port with --urls (ASPNETCORE_URLS), e.g. --urls http://127.0.0.1:5081.");
            }
        }

        var orleans = configuration.GetSection(OrleansOptions.SectionName);
        foreach (var (key, value) in new[] { ("SiloPort", orleans["SiloPort"]), ("GatewayPort", orleans["GatewayPort"]) })
        {
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= IPEndPoint.MaxPort
                && IsTaken(new IPEndPoint(IPAddress.Any, port)))
            {
                throw new ServerConfigurationException(
                    $"MyBot:Orleans:{key} {port} is already in use by another process. Stop it, or set MyBot__Orleans__{key} to a free port.");
            }
        }
    }

    private static IEnumerable<string> HttpUrls(IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration["urls"]))
        {
            return configuration["urls"]!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var ports = $"{configuration["http_ports"]};{configuration["https_ports"]}".Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return ports.Length > 0 ? ports.Select(port => $"http://*:{port}") : [ListenAddresses.DefaultUrl];
    }

    private static bool TryParse(string url, out IPEndPoint endpoint)
    {
        endpoint = new IPEndPoint(IPAddress.Any, 0);

        // Kestrel reads '*' and '+' as every interface; Uri does not accept them as a host.
        var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Port <= 0)
        {
            return false;
        }

        if (uri.IsLoopback && !IPAddress.TryParse(uri.Host.Trim('[', ']'), out _))
        {
            endpoint = new IPEndPoint(IPAddress.Loopback, uri.Port);
            return true;
        }

        if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address))
        {
            return false;
        }

        endpoint = new IPEndPoint(address, uri.Port);
        return true;
    }

    private static bool IsTaken(IPEndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint);
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
    }
}
