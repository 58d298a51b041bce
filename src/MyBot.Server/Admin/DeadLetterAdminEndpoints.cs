using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using MyBot.Api.Contracts.DeadLetters;
using MyBot.Channels.Http;
using MyBot.Grains.DeadLetters;

namespace MyBot.Server.Admin;

/// <summary>
/// <c>/api/admin/deadletters</c>: the events the server gave up on, for the owner to look at, retry or discard.
/// <c>GET</c> lists them (payload size only), <c>GET /{id}</c> shows one with its payload, <c>POST /{id}/retry</c> puts its
/// event back where it came from, <c>DELETE /{id}</c> discards it. Ids are sent percent-encoded (they hold '/' and '#').
/// </summary>
public static class DeadLetterAdminEndpoints
{
    public const string Route = AdminApi.Route + "/deadletters";

    private const string Tag = "Dead letters";

    public static IEndpointRouteBuilder MapDeadLetterAdminEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/deadletters", ListAsync).WithTags(Tag).WithName("ListDeadLetters").WithSummary("The dead letters, oldest first, without their payloads.");
        admin.MapGet("/deadletters/{id}", GetAsync).WithTags(Tag).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetDeadLetter").WithSummary("One dead letter with its payload.");
        admin.MapPost("/deadletters/{id}/retry", RetryAsync).WithTags(Tag).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithName("RetryDeadLetter").WithSummary("Hand the event back where it came from, then remove the letter.");
        admin.MapDelete("/deadletters/{id}", DiscardAsync).WithTags(Tag).ProducesProblem(StatusCodes.Status404NotFound).WithName("DiscardDeadLetter").WithSummary("Remove the letter for good.");
        return admin;
    }

    private static async Task<Ok<List<DeadLetterSummary>>> ListAsync(IDeadLetterStore store, CancellationToken cancellationToken)
    {
        var letters = await store.ListAsync(cancellationToken);
        return TypedResults.Ok(letters
            .OrderBy(l => l.FailedAt)
            .ThenBy(l => l.Id, StringComparer.Ordinal)
            .Select(l => new DeadLetterSummary(l.Id, l.Origin, l.Key, l.Error, l.Attempts, l.FailedAt, l.Payload.Length))
            .ToList());
    }

    private static async Task<Results<Ok<DeadLetterDetail>, ProblemHttpResult>> GetAsync(
        string id, HttpContext context, IDeadLetterStore store, CancellationToken cancellationToken)
    {
        id = LetterId(context, id);
        return await store.GetAsync(id, cancellationToken) is { } l
            ? TypedResults.Ok(new DeadLetterDetail(l.Id, l.Origin, l.Key, l.Payload, l.Error, l.Attempts, l.FailedAt))
            : NotFound(id);
    }

    private static async Task<Results<Accepted<DeadLetterRequeued>, ProblemHttpResult>> RetryAsync(
        string id, HttpContext context, DeadLetterRetrier retrier, CancellationToken cancellationToken)
    {
        id = LetterId(context, id);
        var result = await retrier.RetryAsync(id, cancellationToken);
        return result switch
        {
            { Status: DeadLetterRetryStatus.Requeued, Letter: { } letter, RequeuedTo: { } stream } =>
                TypedResults.Accepted((string?)null, new DeadLetterRequeued(letter.Id, letter.Origin, letter.Key, stream)),
            { Status: DeadLetterRetryStatus.NotRetryable } => ApiProblem.Conflict(result.Reason ?? "This dead letter cannot be retried."),
            _ => NotFound(id),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DiscardAsync(
        string id, HttpContext context, IDeadLetterStore store, CancellationToken cancellationToken)
    {
        id = LetterId(context, id);
        if (await store.GetAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        await store.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
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

    private static ProblemHttpResult NotFound(string id) =>
        ApiProblem.NotFound($"No dead letter with id '{id}': it is unknown, or was already retried or discarded (list them with 'mybot deadletters list').");
}
