using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MyBot.Grains;

namespace MyBot.Channels.Access;

/// <summary>
/// <c>GET /api/admin/pairing</c> lists pending codes and approved users; <c>POST /api/admin/pairing/approve</c> with
/// <c>{"code":"..."}</c> approves one; with <c>"identity":"owner"</c> the account also becomes one of that identity's. The caller protects the group with the API token.
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

            var identity = string.IsNullOrWhiteSpace(approval.Identity) ? null : approval.Identity.Trim();
            var identities = grains.GetGrain<IIdentityGrain>(IIdentityGrain.Key);
            if (identity is not null && !await identities.IsKnownAsync(identity).WaitAsync(cancellationToken))
            {
                return Results.Json(new { error = $"There is no identity '{identity}' to link to; identities are configured under MyBot:Identities." }, ChannelJson.Options, statusCode: StatusCodes.Status400BadRequest);
            }

            var approved = await grains.GetGrain<IPairingGrain>(IPairingGrain.Key).ApproveAsync(approval.Code).WaitAsync(cancellationToken);
            if (approved is null)
            {
                return Results.Json(new { error = $"No pending pairing with code '{approval.Code.Trim()}': it is unknown, already used or expired (list them with 'mybot pairing list')." }, ChannelJson.Options, statusCode: StatusCodes.Status404NotFound);
            }

            if (identity is not null)
            {
                await identities.LinkAsync($"{approved.Platform}:{approved.UserId}", identity).WaitAsync(cancellationToken);
            }

            return Results.Json(approved, ChannelJson.Options);
        });
        return group;
    }
}
