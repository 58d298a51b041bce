using System.Net;
using Microsoft.AspNetCore.Http;

namespace MyBot.Channels.Http;

/// <summary>Where a browser request comes from: the checks that keep other web sites from using a signed-in (or token-less) server.</summary>
public static class RequestOrigin
{
    /// <summary>
    /// True when the request carries an <c>Origin</c> other than this server's host (or <c>null</c>). Browsers send
    /// <c>Origin</c> on every cross-origin request, every WebSocket handshake and every same-origin POST, so a request
    /// without one is not a cross-site forgery. Hosts are compared, not schemes, because a TLS proxy in front makes the
    /// server see <c>http</c> where the browser says <c>https</c>.
    /// </summary>
    public static bool IsCrossOrigin(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }

        return !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// True when the browser addressed the server by a loopback name. Without a token the server listens on loopback
    /// only, so any other <c>Host</c> is a DNS-rebinding page trying to pass for this server's origin.
    /// </summary>
    public static bool IsLoopbackHost(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var host = request.Host.Host;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    public static bool IsSafeMethod(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
}
