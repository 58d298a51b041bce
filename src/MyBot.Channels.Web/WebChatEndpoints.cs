using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Channels.Http;

namespace MyBot.Channels.Web;

/// <summary>The chat page at <c>/</c>, its files under <c>/web/</c>, the sign-in form's posts and the page's WebSocket.</summary>
public static partial class WebChatEndpoints
{
    public const string SocketRoute = "/web/socket";
    public const string SignInRoute = "/web/login";
    public const string SignOutRoute = "/web/logout";

    /// <summary>
    /// What every page answer carries: scripts and styles from this server only (no inline script, so injected markup
    /// cannot run), sockets to this server only, and no framing by other sites.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Adds the WebSocket middleware and maps the page, its files, sign-in and the socket. Call after <c>UseAuthentication</c>.</summary>
    public static WebApplication UseWebChat(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.MapGet("/", Page);
        app.MapGet(WebAssets.RoutePrefix + "/{name}", Asset);
        app.MapPost(SignInRoute, SignInAsync);
        app.MapPost(SignOutRoute, (Delegate)SignOutAsync);
        app.Map(SocketRoute, SocketAsync);
        return app;
    }

    private static IResult Page(HttpContext context, WebAssets assets)
    {
        if (!IsLoopbackOrTokenSet(context))
        {
            return LoopbackOnly();
        }

        if (!WebSignIn.IsSignedIn(context))
        {
            return Html(context, SignInForm(assets, null));
        }

        // Signing out means something only when signing in does.
        return Html(context, assets.ChatPage.Replace("{{signout}}", WebSignIn.IsRequired(context) ? string.Empty : "hidden", StringComparison.Ordinal));
    }

    private static IResult Asset(HttpContext context, string name, WebAssets assets)
    {
        if (!assets.TryGet(name, out var asset) || name.EndsWith(".html", StringComparison.Ordinal))
        {
            return Results.NotFound();
        }

        // Only the address with the current version is immutable; an old page asking for an old version gets the new file, uncached.
        context.Response.Headers.CacheControl = context.Request.Query["v"] == asset.Version
            ? "public, max-age=31536000, immutable"
            : "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(asset.Content, asset.ContentType, entityTag: asset.ETag);
    }

    private static async Task<IResult> SignInAsync(
        HttpContext context, WebAssets assets, IOptions<HttpApiOptions> api, IOptions<WebChatOptions> options, WrongTokenLimiter limiter, ILoggerFactory loggers)
    {
        if (RequestOrigin.IsCrossOrigin(context.Request))
        {
            return Results.Text("Sign-in from another site is refused.", statusCode: StatusCodes.Status403Forbidden);
        }

        var token = api.Value.Token;
        if (string.IsNullOrEmpty(token))
        {
            return Results.Redirect("/");
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        var presented = form?["token"].ToString() ?? string.Empty;
        var check = limiter.Check(context, presented.Trim(), token);
        if (check.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds;
            return Html(context, SignInForm(assets, $"Too many wrong tokens from this address: try again in {seconds} s."), StatusCodes.Status429TooManyRequests);
        }

        if (!check.IsRight)
        {
            Log.SignInRefused(loggers.CreateLogger(typeof(WebChatEndpoints)), context.Connection.RemoteIpAddress?.ToString() ?? "?");
            return Html(context, SignInForm(assets, "That is not the token. It is the value of MyBot:Api:Token on the server."), StatusCodes.Status401Unauthorized);
        }

        await WebSignIn.SignInAsync(context, options.Value.User, token);
        return Results.Redirect("/");
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        if (RequestOrigin.IsCrossOrigin(context.Request))
        {
            return Results.Text("Sign-out from another site is refused.", statusCode: StatusCodes.Status403Forbidden);
        }

        await context.SignOutAsync(WebSignIn.Scheme);
        return Results.Redirect("/");
    }

    private static async Task SocketAsync(
        HttpContext context,
        IGrainFactory grains,
        IInboundPublisher publisher,
        IOptions<WebChatOptions> options,
        IOptions<HttpApiOptions> api,
        TimeProvider timeProvider,
        IHostApplicationLifetime lifetime,
        ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("This address takes a WebSocket (the chat page opens it).");
            return;
        }

        if (RequestOrigin.IsCrossOrigin(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        if (!WebSignIn.IsSignedIn(context))
        {
            context.Response.StatusCode = IsLoopbackOrTokenSet(context) ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();

        // Open sockets would hold a graceful stop for its whole timeout; the pages reconnect to the next process.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var logger = loggers.CreateLogger<WebChannel>();
        await new WebChatSocket(socket, options.Value.User, grains, publisher, api.Value.MaxMessageLength, timeProvider, logger).RunAsync(stop.Token);
    }

    private static bool IsLoopbackOrTokenSet(HttpContext context) => WebSignIn.IsRequired(context) || RequestOrigin.IsLoopbackHost(context.Request);

    private static IResult LoopbackOnly() =>
        Results.Text("Without MyBot:Api:Token this page is served only at a loopback address, such as http://127.0.0.1:5080/.", statusCode: StatusCodes.Status403Forbidden);

    private static string SignInForm(WebAssets assets, string? error) =>
        assets.SignInPage.Replace("{{error}}", error is null ? string.Empty : WebUtility.HtmlEncode(error), StringComparison.Ordinal);

    private static IResult Html(HttpContext context, string html, int statusCode = StatusCodes.Status200OK)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        // Not no-referrer: with it Chromium sends "Origin: null" on the sign-in form's POST, which the origin check refuses.
        headers["Referrer-Policy"] = "same-origin";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: statusCode);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "A web sign-in from {RemoteAddress} was refused: wrong token")]
        public static partial void SignInRefused(ILogger logger, string remoteAddress);
    }
}
