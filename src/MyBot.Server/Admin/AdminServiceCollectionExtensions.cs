using MyBot.Server.AdminConsole;

namespace MyBot.Server.Admin;

public static class AdminServiceCollectionExtensions
{
    /// <summary>
    /// The admin API's services and the API's common parts: problem details for every error (with a detail where the
    /// framework gives none), the OpenAPI document, the console's files and the channel traffic counters.
    /// </summary>
    public static IServiceCollection AddAdminApi(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Detail ??= problem.Status switch
            {
                StatusCodes.Status400BadRequest => "The request could not be read: check its JSON body and parameters against /openapi/v1.json.",
                StatusCodes.Status404NotFound => $"Nothing is served at {context.HttpContext.Request.Path}; the API is described at /openapi/v1.json.",
                StatusCodes.Status405MethodNotAllowed => $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}; see /openapi/v1.json.",
                _ => null,
            };
        });
        // The document describes the API (/api/...): the dashboard's and the pages' own endpoints are not for scripts.
        services.AddOpenApi(options => options.ShouldInclude = description =>
            description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true);
        services.AddSingleton<ConsoleAssets>();
        services.AddSingleton<ChannelActivity>();
        services.AddHostedService(provider => provider.GetRequiredService<ChannelActivity>());
        return services;
    }
}
