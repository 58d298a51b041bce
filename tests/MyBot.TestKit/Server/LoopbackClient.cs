using System.Net;
using System.Net.Sockets;

namespace MyBot.TestKit.Server;

/// <summary>
/// An <see cref="HttpClient"/> whose connections leave from a chosen loopback address (any of 127.0.0.0/8), so a server
/// on 127.0.0.1 sees requests from several client addresses without leaving the machine. It follows no redirect and keeps
/// no cookie, so a test sees each answer as the server sent it.
/// </summary>
public static class LoopbackClient
{
    public static HttpClient From(IPAddress local, Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(local);
        if (!IPAddress.IsLoopback(local))
        {
            throw new ArgumentException($"{local} is not a loopback address.", nameof(local));
        }

        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }
}
