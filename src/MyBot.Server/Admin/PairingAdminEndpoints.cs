using Microsoft.AspNetCore.Http.HttpResults;
using MyBot.Api.Contracts.Pairing;
using MyBot.Channels.Access;
using MyBot.Channels.Hosting;
using MyBot.Channels.Http;

namespace MyBot.Server.Admin;

/// <summary>
/// <c>/api/admin/pairing</c>: pending codes, approved users and each channel's configured ones; approve or deny a code
/// (<c>{"code":"..."}</c>; approval with <c>"identity":"owner"</c> also makes the account one of that identity's), take
/// an approved user's access away.
/// </summary>
public static class PairingAdminEndpoints
{
    private const string Tag = "Pairing";

    public static IEndpointRouteBuilder MapPairingAdminEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/pairing", ListAsync).WithTags(Tag).WithName("ListPairing").WithSummary("Pending codes, users approved by pairing, and each chat channel's policy and configured users.");
        admin.MapPost("/pairing/approve", ApproveAsync).WithTags(Tag).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).WithName("ApprovePairing").WithSummary("Let the user holding the code in.");
        admin.MapPost("/pairing/deny", DenyAsync).WithTags(Tag).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).WithName("DenyPairing").WithSummary("Drop the code without letting its user in.");
        admin.MapDelete("/pairing/approved/{platform}/{userId}", RemoveAsync).WithTags(Tag).ProducesProblem(StatusCodes.Status404NotFound).WithName("RemoveApprovedUser").WithSummary("Take a paired user's access away.");
        return admin;
    }

    private static async Task<Ok<PairingOverview>> ListAsync(IGrainFactory grains, IChannelRegistry channels, CancellationToken cancellationToken)
    {
        var list = await Pairing(grains).ListAsync().WaitAsync(cancellationToken);
        var configured = channels.Channels
            .OfType<IAccessControlledChannel>()
            .OrderBy(c => c.Platform, StringComparer.Ordinal)
            .Select(c => new ConfiguredUsers(c.Platform, AdminApi.Name(c.Access.Policy), [.. c.Access.AllowedUsers]))
            .ToList();
        return TypedResults.Ok(new PairingOverview(
            [.. list.Pending.Select(p => new PendingPairing(p.Code, p.Platform, p.UserId, p.DisplayName, p.CreatedAt, p.ExpiresAt))],
            [.. list.Approved.Select(Approved)],
            configured));
    }

    private static async Task<Results<Ok<ApprovedPairing>, ProblemHttpResult>> ApproveAsync(
        PairingCodeRequest? request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Code))
        {
            return MissingCode();
        }

        var identity = string.IsNullOrWhiteSpace(request.Identity) ? null : request.Identity.Trim();
        var identities = grains.GetGrain<IIdentityGrain>(IIdentityGrain.Key);
        if (identity is not null && !await identities.IsKnownAsync(identity).WaitAsync(cancellationToken))
        {
            return ApiProblem.BadRequest($"There is no identity '{identity}' to link to; identities are configured under MyBot:Identities.");
        }

        var approved = await Pairing(grains).ApproveAsync(request.Code).WaitAsync(cancellationToken);
        if (approved is null)
        {
            return UnknownCode(request.Code);
        }

        if (identity is not null)
        {
            await identities.LinkAsync($"{approved.Platform}:{approved.UserId}", identity).WaitAsync(cancellationToken);
        }

        return TypedResults.Ok(Approved(approved));
    }

    private static async Task<Results<Ok<PendingPairing>, ProblemHttpResult>> DenyAsync(
        PairingCodeRequest? request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Code))
        {
            return MissingCode();
        }

        var denied = await Pairing(grains).DenyAsync(request.Code).WaitAsync(cancellationToken);
        return denied is null
            ? UnknownCode(request.Code)
            : TypedResults.Ok(new PendingPairing(denied.Code, denied.Platform, denied.UserId, denied.DisplayName, denied.CreatedAt, denied.ExpiresAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        string platform, string userId, IGrainFactory grains, CancellationToken cancellationToken) =>
        await Pairing(grains).RemoveApprovedAsync(platform, userId).WaitAsync(cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblem.NotFound($"No {platform} user '{userId}' was approved by pairing (users in a channel's AllowedUsers setting are changed in the configuration).");

    private static IPairingGrain Pairing(IGrainFactory grains) => grains.GetGrain<IPairingGrain>(IPairingGrain.Key);

    private static ApprovedPairing Approved(ApprovedUser user) => new(user.Platform, user.UserId, user.DisplayName, user.ApprovedAt);

    private static ProblemHttpResult MissingCode() => ApiProblem.BadRequest("Send a JSON body {\"code\":\"<pairing code>\"}.");

    private static ProblemHttpResult UnknownCode(string code) =>
        ApiProblem.NotFound($"No pending pairing with code '{code.Trim()}': it is unknown, already used or expired (list them with 'mybot pairing list').");
}
