using System.Text.Json;
using MyBot.Channels.Http;

namespace MyBot.Server.Admin;

/// <summary>
/// The owner's API under <c>/api/admin</c>, one route group behind the API token: channels, pairing, dead letters,
/// agents, usage, message traces and cron jobs. The console page (<c>/admin</c>) calls nothing else, so every action is also a script's.
/// </summary>
public static class AdminApi
{
    public const string Route = "/api/admin";

    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup(Route).RequireApiToken().ProducesProblem(StatusCodes.Status401Unauthorized);
        admin.MapChannelAdminEndpoints();
        admin.MapPairingAdminEndpoints();
        admin.MapDeadLetterAdminEndpoints();
        admin.MapAgentAdminEndpoints();
        admin.MapUsageAdminEndpoints();
        admin.MapTraceAdminEndpoints();
        admin.MapCronAdminEndpoints();
        return admin;
    }

    /// <summary>An enum value as the API's JSON writes it (<c>ChannelJson</c>: camel case).</summary>
    internal static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
