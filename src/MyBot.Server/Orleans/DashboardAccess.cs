using System.Text;
using Microsoft.Extensions.Options;
using MyBot.Channels;
using MyBot.Channels.Http;

namespace MyBot.Server.Orleans;

/// <summary>
/// The Orleans Dashboard has no login of its own. When <c>MyBot:Api:Token</c> is set, every request under
/// <see cref="Route"/> must carry it: as a bearer token (curl), as the password of HTTP Basic authentication, so a
/// browser asks for it once (the user name is ignored), or as the web page's sign-in (an authenticated user).
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
                if (string.IsNullOrEmpty(token) || context.User.Identity?.IsAuthenticated == true || Presents(context.Request.Headers.Authorization.ToString(), token))
                {
                    await next(context);
                    return;
                }

                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"MyBot dashboard\", charset=\"UTF-8\"";
                await context.Response.WriteAsync("The dashboard needs the API token (MyBot:Api:Token): as the password when the browser asks, or as 'Authorization: Bearer <token>'.");
            }));
    }

    private static bool Presents(string header, string token)
    {
        string? presented = null;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = header["Bearer ".Length..].Trim();
        }
        else if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                presented = colon < 0 ? null : decoded[(colon + 1)..];
            }
            catch (FormatException)
            {
                presented = null;
            }
        }

        return presented is not null && Secrets.Match(presented, token);
    }
}
