using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MyBot.Channels.Http;

/// <summary>
/// The one error shape of the API: an RFC 9457 problem (<c>application/problem+json</c>) whose <c>detail</c> says what
/// is wrong and how to fix it. With <c>AddProblemDetails</c> registered the host adds its <c>traceId</c>.
/// </summary>
public static class ApiProblem
{
    public static ProblemHttpResult BadRequest(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest);

    public static ProblemHttpResult Unauthorized(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized);

    public static ProblemHttpResult Forbidden(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden);

    public static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Conflict(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict);

    public static ProblemHttpResult TooManyRequests(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests);

    public static ProblemHttpResult Unavailable(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable);
}
