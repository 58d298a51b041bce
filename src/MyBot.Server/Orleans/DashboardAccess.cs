using System.Text;
using Microsoft.Extensions.Options;
using MyBot.Channels.Http;

namespace MyBot.Server.Orleans;

/// <summary>
/// The Orleans Dashboard has no login of its own. When <c>MyBot:Api:Token</c> is set, every request under
/// <see cref="Route"/> must carry it: as a bearer token (curl), as the password of HTTP Basic authentication, so a
/// browser asks for it once (the user name is ignored), or as the web page's sign-in (an authenticated user). Wrong
/// tokens count in the same <see cref="WrongTokenLimiter"/> as the API's.
/// </summary>
public static class DashboardAccess
{
    public const string Route = "/dashboard";

    public static IApplicationBuilder UseDashboardAccess(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseWhen(
            context => context.Request.Path.StartsWithSegments(Route, StringComparison.OrdinalIgnoreCase),
            branch => branch.Use(async (context, next) =>
            {
                var token = context.RequestServices.GetRequiredService<IOptions<HttpApiOptions>>().Value.Token;
                if (string.IsNullOrEmpty(token) || context.User.Identity?.IsAuthenticated == true)
                {
                    await next(context);
                    return;
                }

                var check = Presented(context.Request.Headers.Authorization.ToString()) is { } presented
                    ? context.RequestServices.GetRequiredService<WrongTokenLimiter>().Check(context, presented, token)
                    : default;
                if (check.IsRight)
                {
                    await next(context);
                    return;
                }

                if (check.RetryAfterSeconds is { } seconds)
                {
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.Response.Headers.RetryAfter = seconds;
                    await context.Response.WriteAsync($"Too many wrong tokens from this address: try again in {seconds} s.");
                    return;
                }

                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"MyBot dashboard\", charset=\"UTF-8\"";
                await context.Response.WriteAsync("The dashboard needs the API token (MyBot:Api:Token): as the password when the browser asks, or as 'Authorization: Bearer <token>'.");
            }));
    }

    /// <summary>The token a bearer or Basic <c>Authorization</c> value presents (Basic's password), or null.</summary>
    private static string? Presented(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return ApiTokenFilter.BearerToken(header);
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
