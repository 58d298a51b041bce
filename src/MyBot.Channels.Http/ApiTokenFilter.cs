using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MyBot.Channels.Http;

/// <summary>
/// Protects an API endpoint. When <c>MyBot:Api:Token</c> is set, a request needs <c>Authorization: Bearer &lt;token&gt;</c>
/// (compared in constant time) or a signed-in browser session: any principal the host's authentication middleware
/// authenticated (the web sign-in's cookie). Whatever authenticates it, a browser request from another origin that
/// changes something is refused, and without a token only a loopback <c>Host</c> is served.
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

        if (!IsAuthorized(http.Request.Headers.Authorization.ToString(), token) && http.User.Identity?.IsAuthenticated != true)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ApiProblem.Unauthorized("Missing or wrong bearer token: send 'Authorization: Bearer <MyBot:Api:Token>', or sign in on the web page.");
        }

        return await next(context);
    }

    /// <summary>Whether <paramref name="header"/> (an <c>Authorization</c> value) presents <paramref name="token"/> as a bearer token.</summary>
    public static bool IsAuthorized(string header, string token)
    {
        ArgumentNullException.ThrowIfNull(header);
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return Secrets.Match(header[scheme.Length..].Trim(), token);
    }
}
