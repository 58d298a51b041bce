using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MyBot.Channels.Http;

/// <summary>
/// Protects an API endpoint. When <c>MyBot:Api:Token</c> is set, a request needs <c>Authorization: Bearer &lt;token&gt;</c>
/// (compared in constant time) or a signed-in browser session: any principal the host's authentication middleware
/// authenticated (the web sign-in's cookie). Whatever authenticates it, a browser request from another origin that
/// changes something is refused, and without a token only a loopback <c>Host</c> is served. Wrong bearer tokens count
/// against their client in the <see cref="WrongTokenLimiter"/>, which answers 429 once it has presented too many.
/// </summary>
public sealed class ApiTokenFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var token = http.RequestServices.GetRequiredService<IOptions<HttpApiOptions>>().Value.Token;
        if (!RequestOrigin.IsSafeMethod(http.Request.Method) && RequestOrigin.IsCrossOrigin(http.Request))
        {
            return ApiProblem.Forbidden("Cross-origin requests are refused: call the API from this server's own pages or without an Origin header.");
        }

        if (string.IsNullOrEmpty(token))
        {
            return RequestOrigin.IsLoopbackHost(http.Request)
                ? await next(context)
                : ApiProblem.Forbidden("Without MyBot:Api:Token the server answers only requests addressed to a loopback host (127.0.0.1, localhost).");
        }

        if (http.User.Identity?.IsAuthenticated == true)
        {
            return await next(context);
        }

        var check = BearerToken(http.Request.Headers.Authorization.ToString()) is { } presented
            ? http.RequestServices.GetRequiredService<WrongTokenLimiter>().Check(http, presented, token)
            : default;
        if (check.RetryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds;
            return ApiProblem.TooManyRequests($"Too many wrong tokens from this address: try again in {seconds} s.");
        }

        if (!check.IsRight)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ApiProblem.Unauthorized("Missing or wrong bearer token: send 'Authorization: Bearer <MyBot:Api:Token>', or sign in on the web page.");
        }

        return await next(context);
    }

    /// <summary>The token an <c>Authorization</c> value presents with the Bearer scheme, or null when it presents none.</summary>
    public static string? BearerToken(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
    }
}
