using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyBot.Channels.Http;

namespace MyBot.Channels.Web;

/// <summary>
/// The browser's sign-in: the owner types <c>MyBot:Api:Token</c> once and gets an ASP.NET Core authentication cookie
/// (HttpOnly, SameSite=Strict, Secure over HTTPS), protected by the host's data protection keys. The cookie carries a
/// fingerprint of the token it was issued for, so changing the token signs every browser out.
/// </summary>
public static class WebSignIn
{
    /// <summary>The authentication scheme, also the host's default: the API token filter accepts what it authenticates.</summary>
    public const string Scheme = "MyBot.Session";

    public const string CookieName = "mybot_session";

    private const string TokenClaim = "mybot:token";

    /// <summary>
    /// Signed in: a session cookie or a bearer token when a token is set; a loopback request when none is. A bearer token
    /// goes through the <see cref="WrongTokenLimiter"/>, so the page cannot be used to guess it either.
    /// </summary>
    public static bool IsSignedIn(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var token = Token(context);
        if (string.IsNullOrEmpty(token))
        {
            return RequestOrigin.IsLoopbackHost(context.Request);
        }

        if (context.User.Identity?.IsAuthenticated == true)
        {
            return true;
        }

        return ApiTokenFilter.BearerToken(context.Request.Headers.Authorization.ToString()) is { } presented
            && context.RequestServices.GetRequiredService<WrongTokenLimiter>().Check(context, presented, token).IsRight;
    }

    internal static bool IsRequired(HttpContext context) => !string.IsNullOrEmpty(Token(context));

    internal static Task SignInAsync(HttpContext context, string user, string token)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user), new Claim(TokenClaim, Fingerprint(token))], Scheme);
        return context.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = true });
    }

    internal static void Configure(CookieAuthenticationOptions cookie, TimeSpan lifetime)
    {
        cookie.Cookie.Name = CookieName;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = lifetime;
        cookie.SlidingExpiration = true;

        // The API answers 401 itself; the page shows its own form. Nothing redirects.
        cookie.Events.OnRedirectToLogin = context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        };
        cookie.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
        cookie.Events.OnValidatePrincipal = context =>
        {
            var token = Token(context.HttpContext);
            if (string.IsNullOrEmpty(token) || context.Principal?.FindFirst(TokenClaim)?.Value != Fingerprint(token))
            {
                context.RejectPrincipal();
            }

            return Task.CompletedTask;
        };
    }

    private static string? Token(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<HttpApiOptions>>().Value.Token;

    /// <summary>Names the token without revealing it: the cookie is encrypted anyway, and a hash keeps the token out of it.</summary>
    private static string Fingerprint(string token) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("mybot-web-session\n" + token)));
}
