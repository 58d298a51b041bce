using Microsoft.AspNetCore.Http.Features;
using MyBot.Channels;
using MyBot.Channels.Http;
using MyBot.Grains.DeadLetters;

namespace MyBot.Server.Admin;

/// <summary>
/// <c>/api/admin/deadletters</c>: the events the server gave up on, for the owner to look at, retry or discard.
/// <c>GET</c> lists them (payload size only), <c>GET /{id}</c> shows one with its payload, <c>POST /{id}/retry</c> puts its
/// event back where it came from, <c>DELETE /{id}</c> discards it. Ids are sent percent-encoded (they hold '/' and '#').
/// The caller protects the group with the API token.
/// </summary>
public static class DeadLetterAdminEndpoints
{
    public const string Route = "/api/admin/deadletters";

    public static RouteGroupBuilder MapDeadLetterAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Route);
        group.MapGet(string.Empty, async (IDeadLetterStore store, CancellationToken cancellationToken) =>
        {
            var letters = await store.ListAsync(cancellationToken);
            return Results.Json(
                letters.OrderBy(l => l.FailedAt).ThenBy(l => l.Id, StringComparer.Ordinal).Select(DeadLetterSummary.From).ToList(),
                ChannelJson.Options);
        });
        group.MapGet("/{id}", async (string id, HttpContext context, IDeadLetterStore store, CancellationToken cancellationToken) =>
        {
            id = LetterId(context, id);
            return await store.GetAsync(id, cancellationToken) is { } letter ? Results.Json(letter, ChannelJson.Options) : NotFound(id);
        });
        group.MapPost("/{id}/retry", async (string id, HttpContext context, DeadLetterRetrier retrier, CancellationToken cancellationToken) =>
        {
            id = LetterId(context, id);
            var result = await retrier.RetryAsync(id, cancellationToken);
            return result switch
            {
                { Status: DeadLetterRetryStatus.Requeued, Letter: { } letter, RequeuedTo: { } stream } =>
                    Results.Json(new DeadLetterRequeued(letter.Id, letter.Origin, letter.Key, stream), ChannelJson.Options, statusCode: StatusCodes.Status202Accepted),
                { Status: DeadLetterRetryStatus.NotRetryable } =>
                    Results.Json(new ApiError(result.Reason ?? "This dead letter cannot be retried."), ChannelJson.Options, statusCode: StatusCodes.Status409Conflict),
                _ => NotFound(id),
            };
        });
        group.MapDelete("/{id}", async (string id, HttpContext context, IDeadLetterStore store, CancellationToken cancellationToken) =>
        {
            id = LetterId(context, id);
            if (await store.GetAsync(id, cancellationToken) is null)
            {
                return NotFound(id);
            }

            await store.DeleteAsync(id, cancellationToken);
            return Results.NoContent();
        });
        return group;
    }

    /// <summary>
    /// Ids embed user ids, which may hold '/' and '%'. The decoded path keeps "%2F" encoded but decodes "%25", so "a/b"
    /// and "a%2Fb" would look alike in the route value; the raw request target tells them apart.
    /// </summary>
    private static string LetterId(HttpContext context, string routeValue)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var prefix = Route + "/";
        if (raw is null || !raw.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return routeValue;
        }

        var rest = raw[prefix.Length..];
        var end = rest.IndexOfAny(['/', '?']);
        return Uri.UnescapeDataString(end < 0 ? rest : rest[..end]);
    }

    private static IResult NotFound(string id) =>
        Results.Json(
            new ApiError($"No dead letter with id '{id}': it is unknown, or was already retried or discarded (list them with 'mybot deadletters list')."),
            ChannelJson.Options,
            statusCode: StatusCodes.Status404NotFound);
}
