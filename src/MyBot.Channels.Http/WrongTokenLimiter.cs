using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MyBot.Channels.Http;

/// <summary>
/// Limits guessing <c>MyBot:Api:Token</c>: a client address that presented <see cref="HttpApiOptions.MaxWrongTokens"/>
/// wrong tokens within <see cref="HttpApiOptions.WrongTokenWindow"/> has every token refused, right or wrong, until that
/// window ends, so a refusal tells nothing about the guess. Only wrong tokens count: the owner's scripts and pages, which
/// present the right one, are never slowed, and a guesser at another address does not lock the owner out.
/// </summary>
/// <remarks>
/// A fixed window of ours rather than System.Threading.RateLimiting's limiters: those read the system clock (tests could
/// not move it) and count every request they admit, where only failures should count.
/// </remarks>
public sealed partial class WrongTokenLimiter(IOptions<HttpApiOptions> options, TimeProvider time, ILogger<WrongTokenLimiter> logger)
{
    /// <summary>Beyond this many clients, windows that have ended are dropped when a new client fails.</summary>
    private const int PruneAbove = 1024;

    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>Compares <paramref name="presented"/> with <paramref name="token"/> unless the request's client is limited; a wrong one counts against it.</summary>
    public TokenCheck Check(HttpContext context, string presented, string token)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(presented);
        var limit = options.Value;
        var client = ClientOf(context.Connection.RemoteIpAddress);
        var now = time.GetUtcNow();
        lock (_windows)
        {
            if (_windows.TryGetValue(client, out var window) && window.Start + limit.WrongTokenWindow <= now)
            {
                _windows.Remove(client);
                window = null;
            }

            if (window is not null && window.Wrong >= limit.MaxWrongTokens)
            {
                return new TokenCheck(false, window.Start + limit.WrongTokenWindow - now);
            }

            if (Secrets.Match(presented, token))
            {
                return new TokenCheck(true, null);
            }

            if (window is null)
            {
                PruneEnded(now - limit.WrongTokenWindow);
                window = new Window(now);
                _windows[client] = window;
            }

            window.Wrong++;
            if (window.Wrong == limit.MaxWrongTokens)
            {
                Log.Limited(logger, client, window.Wrong, window.Start + limit.WrongTokenWindow);
            }

            return new TokenCheck(false, null);
        }
    }

    /// <summary>
    /// The address a limit applies to. An IPv6 client usually holds a whole /64, so the /64 is one client; an IPv4
    /// address mapped into IPv6 is that IPv4 address.
    /// </summary>
    internal static string ClientOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private void PruneEnded(DateTimeOffset startedBefore)
    {
        if (_windows.Count < PruneAbove)
        {
            return;
        }

        foreach (var (client, window) in _windows)
        {
            if (window.Start <= startedBefore)
            {
                _windows.Remove(client);
            }
        }
    }

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public int Wrong { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Client} presented {Count} wrong API tokens; its tokens are refused until {Until:O}")]
        public static partial void Limited(ILogger logger, string client, int count, DateTimeOffset until);
    }
}
