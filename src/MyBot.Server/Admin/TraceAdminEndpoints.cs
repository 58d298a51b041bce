using Microsoft.AspNetCore.Http.HttpResults;
using MyBot.Channels;
using MyBot.Grains;

namespace MyBot.Server.Admin;

/// <summary>
/// <c>GET /api/admin/trace/{eventId}</c>: one message's hops for an owner without a tracing backend, read from the
/// session and delivery grains of its conversation (an event id starts with its conversation's source). The id goes in
/// the path as it is, each '/'-separated part escaped.
/// </summary>
public static class TraceAdminEndpoints
{
    public const string Route = AdminApi.Route + "/trace";

    private const string Tag = "Traces";

    public static IEndpointRouteBuilder MapTraceAdminEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/trace/{**eventId}", GetTraceAsync).WithTags(Tag).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetMessageTrace").WithSummary("One message's hops: accepted, its turn attempts, LLM calls, deliveries and their send attempts.");
        return admin;
    }

    private static async Task<Results<Ok<MessageTraceReport>, ProblemHttpResult>> GetTraceAsync(string eventId, IGrainFactory grains)
    {
        var slash = eventId.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !EventSource.TryParse(eventId[..slash], out var source))
        {
            return TypedResults.Problem(
                $"'{eventId}' is not an event id: it looks like 'telegram:123:123/456', the conversation's source, a '/' and the platform's message id (the HTTP API answers it as eventId).",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var key = source.ToString();
        var session = grains.GetGrain<ISessionGrain>(key).GetTraceAsync(eventId);
        var deliveries = grains.GetGrain<IDeliveryGrain>(key).GetTracesAsync(eventId);
        var report = new MessageTraceReport(eventId, key, await session, await deliveries);
        if (report.Session is null && report.Deliveries.Count == 0)
        {
            return TypedResults.Problem(
                $"No record of event '{eventId}': it never reached its session, or it is older than the last MyBot:Telemetry:TracedMessages messages of its conversation.",
                statusCode: StatusCodes.Status404NotFound);
        }

        return TypedResults.Ok(report);
    }
}
