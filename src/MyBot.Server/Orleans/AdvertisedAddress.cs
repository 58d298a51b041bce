using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using MyBot.Server.Hosting;

namespace MyBot.Server.Orleans;

/// <summary>
/// The IPv4 address a cluster silo writes into the membership table (<c>MyBot:Orleans:AdvertisedAddress</c>). Orleans
/// advertises an IP, so a host name is resolved once, when the silo is built; an address that cannot be used stops the
/// server with a line naming the setting instead of a silo that the others cannot reach.
/// </summary>
public static class AdvertisedAddress
{
    public const string Key = OrleansOptions.SectionName + ":" + nameof(OrleansOptions.AdvertisedAddress);

    /// <param name="configured">An IPv4 address or a host name; empty for the first non-loopback IPv4 address of an interface that is up.</param>
    public static IPAddress Resolve(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return FirstNonLoopbackAddress()
                ?? throw new ServerConfigurationException($"{Key} is not set and this host has no non-loopback IPv4 address; set it to the address the other silos reach this one at.");
        }

        var value = configured.Trim();
        if (IPAddress.TryParse(value, out var address))
        {
            return IsUsable(address)
                ? address
                : throw new ServerConfigurationException($"{Key} = '{value}' is not an address other silos can reach; give this silo's own IPv4 address or host name.");
        }

        IPAddress[] resolved;
        try
        {
            resolved = Dns.GetHostAddresses(value, AddressFamily.InterNetwork);
        }
        catch (SocketException exception)
        {
            throw new ServerConfigurationException($"{Key} = '{value}' does not resolve to an IPv4 address ({exception.Message}).");
        }
        catch (ArgumentException exception)
        {
            throw new ServerConfigurationException($"{Key} = '{value}' is neither an IPv4 address nor a host name ({exception.Message}).");
        }

        return resolved.FirstOrDefault(IsUsable)
            ?? throw new ServerConfigurationException($"{Key} = '{value}' does not resolve to an IPv4 address.");
    }

    private static bool IsUsable(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.Broadcast);

    private static IPAddress? FirstNonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(networkInterface => networkInterface.OperationalStatus == OperationalStatus.Up)
            .SelectMany(networkInterface => networkInterface.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address));
}
