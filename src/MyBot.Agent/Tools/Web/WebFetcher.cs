using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace MyBot.Agent.Tools.Web;

/// <summary>Fetches a URL for the model, refusing non-public addresses at connect time and on every redirect.</summary>
/// <remarks>
/// The address check runs in the socket connect callback, on the address actually dialled, so a name that resolves to a
/// public address for a check and to 127.0.0.1 for the connection (DNS rebinding) is still refused. Redirects are
/// followed by hand so each hop goes through the same check, and no proxy is used (a proxy would dial for us).
/// </remarks>
public sealed class WebFetcher : IDisposable
{
    private readonly WebFetchOptions _options;
    private readonly NetworkAddressPolicy _policy;
    private readonly HttpClient _client;

    public WebFetcher(IOptions<WebFetchOptions> options)
    {
        _options = options.Value;
        _policy = new NetworkAddressPolicy(_options.AllowPrivateNetworks, _options.AllowedAddresses.Select(IPAddress.Parse));
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("MyBot", "1.0"));
    }

    /// <summary>Returns the page as readable text. Throws <see cref="WebFetchRefusedException"/> when policy forbids it.</summary>
    public async Task<string> FetchAsync(string url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            return await FetchCoreAsync(ParseUrl(url), timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Fetching {url} took longer than {_options.Timeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException e) when (FindRefusal(e) is { } refusal)
        {
            throw refusal;
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<string> FetchCoreAsync(Uri uri, CancellationToken cancellationToken)
    {
        for (var hop = 0; ; hop++)
        {
            CheckLiteralAddress(uri);
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.ParseAdd("text/html, text/plain;q=0.9, application/json;q=0.8, */*;q=0.1");
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                if (hop >= _options.MaxRedirects)
                {
                    throw new WebFetchRefusedException($"Refused: more than {_options.MaxRedirects} redirects.");
                }

                uri = ParseUrl(new Uri(uri, location).ToString());
                continue;
            }

            var body = await ReadLimitedAsync(response.Content, cancellationToken);
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "text/html";
            var text = mediaType.Contains("html", StringComparison.OrdinalIgnoreCase) ? HtmlText.Extract(body.Text) : body.Text;
            if (!mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) && !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase) && !mediaType.Contains("xml", StringComparison.OrdinalIgnoreCase))
            {
                text = $"(the response is {mediaType}, not text; nothing readable to show)";
            }

            var header = $"URL: {uri}\nStatus: {(int)response.StatusCode} {response.ReasonPhrase}\n";
            if (text.Length > _options.MaxChars)
            {
                text = string.Concat(text.AsSpan(0, _options.MaxChars), $"\n[cut at {_options.MaxChars} characters]");
            }
            else if (body.Truncated)
            {
                text += $"\n[cut: the page is larger than {_options.MaxBytes} bytes]";
            }

            return header + "\n" + text;
        }
    }

    private static Uri ParseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new WebFetchRefusedException($"Refused: '{url}' is not an http or https URL.");
        }

        return uri;
    }

    private void CheckLiteralAddress(Uri uri)
    {
        if (IPAddress.TryParse(uri.IdnHost, out var address) && !_policy.IsAllowed(address))
        {
            throw Refuse(uri.IdnHost, address);
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(_policy.IsAllowed).ToList();
        if (allowed.Count == 0)
        {
            throw addresses.Length == 0 ? new WebFetchRefusedException($"Refused: '{host}' has no address.") : Refuse(host, addresses[0]);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static WebFetchRefusedException Refuse(string host, IPAddress address) =>
        new($"Refused: {host} resolves to {address}, which is not a public address (loopback, private and link-local networks are not reachable from web_fetch).");

    private static WebFetchRefusedException? FindRefusal(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is WebFetchRefusedException refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private async Task<(string Text, bool Truncated)> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[_options.MaxBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        var truncated = total == buffer.Length && await stream.ReadAsync(new byte[1], cancellationToken) > 0;
        var encoding = Encoding.UTF8;
        if (content.Headers.ContentType?.CharSet is { } charset)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                encoding = Encoding.UTF8;
            }
        }

        return (encoding.GetString(buffer, 0, total), truncated);
    }
}
