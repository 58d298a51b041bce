using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MyBot.Api.Contracts.Channels;
using MyBot.Channels.Hosting;

namespace MyBot.Server.Admin;

/// <summary><c>GET /api/admin/channels</c>: each channel's state, mode, owner and last hour's traffic, as this silo sees them.</summary>
public static class ChannelAdminEndpoints
{
    public static RouteHandlerBuilder MapChannelAdminEndpoints(this IEndpointRouteBuilder admin) =>
        admin.MapGet("/channels", ListAsync)
            .WithTags("Channels")
            .WithName("ListChannels")
            .WithSummary("Each channel: running, restarting with the last error, or off and why; its mode, owner and messages in the last hour.");

    private static async Task<Ok<ChannelsOverview>> ListAsync(
        ChannelHost host,
        IChannelRegistry registry,
        ChannelActivity activity,
        IGrainFactory grains,
        ILocalSiloDetails silo,
        [FromServices] GrainSingletonLeaseProvider? leases,
        CancellationToken cancellationToken)
    {
        var reports = new List<ChannelReport>();
        foreach (var status in host.Statuses)
        {
            var described = registry.TryGet(status.Platform, out var channel) ? channel as IDescribedChannel : null;
            string? owner = null;
            if (described?.SingletonLeaseName is { } lease && status.State is not (ChannelState.Disabled or ChannelState.Failed))
            {
                owner = await grains.GetGrain<IChannelOwnerGrain>(lease).GetOwnerAsync().WaitAsync(cancellationToken);
            }

            var (messagesIn, messagesOut) = activity.LastHour(status.Platform);
            reports.Add(new ChannelReport(
                status.Platform,
                AdminApi.Name(status.State),
                status.LastError,
                status.Restarts,
                status.NextStartAt,
                described?.ReceiveMode,
                owner,
                owner is not null && owner == leases?.OwnerId,
                messagesIn,
                messagesOut));
        }

        return TypedResults.Ok(new ChannelsOverview(silo.SiloAddress.ToString(), reports));
    }
}
