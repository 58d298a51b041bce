using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using MyBot.Channels.Http;

namespace MyBot.Server.AdminConsole;

/// <summary>
/// <c>/admin</c>: the owner's console, plain HTML, CSS and JavaScript that call <c>/api/admin</c>. The page holds no data,
/// so it is served to anyone; every call it makes goes through the API's sign-in.
/// </summary>
public static class AdminConsoleEndpoints
{
    public const string Route = "/admin";

    /// <summary>
    /// The page runs only its own script and style, talks only to this server and cannot be framed; data is put into
    /// the page as text, never as markup, and this policy is the second line of defence.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly TimeSpan AssetLifetime = TimeSpan.FromDays(365);

    public static IEndpointRouteBuilder MapAdminConsole(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, Page).ExcludeFromDescription();
        endpoints.MapGet(Route + "/{name}", Asset).ExcludeFromDescription();
        return endpoints;
    }

    private static ContentHttpResult Page(HttpContext context, ConsoleAssets assets)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        // same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" with a POST, which the API refuses as cross-origin.
        headers["Referrer-Policy"] = "same-origin";
        return TypedResults.Content(assets.Page, "text/html; charset=utf-8");
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> Asset(string name, HttpContext context, ConsoleAssets assets)
    {
        if (name == ConsoleAssets.PageName || !assets.TryGet(name, out var asset))
        {
            return ApiProblem.NotFound($"The console has no file '{name}'.");
        }

        context.Response.Headers.CacheControl = $"public, max-age={(int)AssetLifetime.TotalSeconds}, immutable";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(asset.Content, asset.ContentType, entityTag: asset.ETag);
    }
}
