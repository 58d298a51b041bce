using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MyBot.Channels.Http;

/// <summary>Requires <c>Authorization: Bearer &lt;MyBot:Api:Token&gt;</c> when a token is configured; compares in constant time.</summary>
public sealed class ApiTokenFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var token = context.HttpContext.RequestServices.GetRequiredService<IOptions<HttpApiOptions>>().Value.Token;
        if (!string.IsNullOrEmpty(token) && !IsAuthorized(context.HttpContext.Request.Headers.Authorization.ToString(), token))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return ApiProblem.Unauthorized("Missing or wrong bearer token: send 'Authorization: Bearer <MyBot:Api:Token>'.");
        }

        return await next(context);
    }

    private static bool IsAuthorized(string header, string token)
    {
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return Secrets.Match(header[scheme.Length..].Trim(), token);
    }
}
