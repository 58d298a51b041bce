using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MyBot.Grains;

namespace MyBot.Channels.Access;

/// <summary>
/// <c>GET /api/admin/pairing</c> lists pending codes and approved users; <c>POST /api/admin/pairing/approve</c> with
/// <c>{"code":"..."}</c> approves one. The caller protects the group with the API token.
/// </summary>
public static class PairingAdminEndpoints
{
    public const string Route = "/api/admin/pairing";

    public static RouteGroupBuilder MapPairingAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Route);
        group.MapGet(string.Empty, async (IGrainFactory grains, CancellationToken cancellationToken) =>
            Results.Json(await grains.GetGrain<IPairingGrain>(IPairingGrain.Key).ListAsync().WaitAsync(cancellationToken), ChannelJson.Options));
        group.MapPost("/approve", async (PairingApproval approval, IGrainFactory grains, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(approval.Code))
            {
                return Results.Json(new { error = "Send {\"code\":\"<pairing code>\"}." }, ChannelJson.Options, statusCode: StatusCodes.Status400BadRequest);
            }

            var approved = await grains.GetGrain<IPairingGrain>(IPairingGrain.Key).ApproveAsync(approval.Code).WaitAsync(cancellationToken);
            return approved is null
                ? Results.Json(new { error = $"No pending pairing with code '{approval.Code.Trim()}': it is unknown, already used or expired (list them with 'mybot pairing list')." }, ChannelJson.Options, statusCode: StatusCodes.Status404NotFound)
                : Results.Json(approved, ChannelJson.Options);
        });
        return group;
    }
}
