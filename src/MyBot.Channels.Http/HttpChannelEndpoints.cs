using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Api.Contracts.Messages;

namespace MyBot.Channels.Http;

/// <summary><c>POST /api/messages</c> (accept a message once it is durable) and <c>GET /api/messages</c> (long-poll replies).</summary>
public static partial class HttpChannelEndpoints
{
    public const string Route = "/api/messages";

    /// <summary>
    /// The longest single wait asked of the reply log grain: a grain call times out after 30 s (Orleans'
    /// <c>ResponseTimeout</c>), so a longer client wait is made of several of these.
    /// </summary>
    internal static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(10);

    /// <summary>Maps the two endpoints as one route group behind the API token; returns the group.</summary>
    public static RouteGroupBuilder MapHttpChannel(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api").RequireApiToken().WithTags("Messages").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status400BadRequest);

        // The body is read by hand so a wrong field gets a 400 naming it, not the binder's generic one.
        group.MapPost("/messages", (Delegate)PostAsync)
            .Accepts<SendMessageRequest>("application/json")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("SendMessage")
            .WithSummary("Accept a message once it is durable; the reply is fetched with GET.");
        group.MapGet("/messages", GetAsync)
            .WithName("GetReplies")
            .WithSummary("Replies of an http source after 'after', waiting up to 'wait' seconds for the first.");
        return group;
    }

    private static async Task<Results<Accepted<AcceptedMessage>, ProblemHttpResult>> PostAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<HttpApiOptions>>().Value;
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException exception)
        {
            return BadRequest($"The body is not valid JSON: {exception.Message}");
        }

        ParsedMessage? message;
        string? error;
        using (document)
        {
            if (!MessageRequestParser.TryParse(document.RootElement, options.MaxMessageLength, out message, out error))
            {
                return BadRequest(error);
            }
        }

        var platformMessageId = message.ClientId ?? Guid.NewGuid().ToString("N");
        var inbound = new InboundEvent(
            InboundEvent.CreateId(message.Source, platformMessageId),
            message.Source,
            message.Text,
            services.GetRequiredService<TimeProvider>().GetUtcNow(),
            platformMessageId,
            SenderName: message.Source.UserId);
        try
        {
            await services.GetRequiredService<IInboundPublisher>().PublishAsync(inbound, context.RequestAborted);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.PublishFailed(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpChannelEndpoints)), exception, message.Source.ToString());
            return ApiProblem.Unavailable("The message could not be stored; nothing was accepted. Retry with the same 'id'.");
        }

        return TypedResults.Accepted((string?)null, new AcceptedMessage(message.Source.ToString(), inbound.Id));
    }

    /// <param name="source">The conversation, <c>http:&lt;user&gt;:&lt;chat&gt;</c>.</param>
    /// <param name="after">The last <c>seq</c> already seen; 0 for all.</param>
    /// <param name="wait">Seconds to wait for a first reply (at most <c>MyBot:Api:MaxWaitSeconds</c>); 0 answers at once.</param>
    private static async Task<Results<Ok<List<Reply>>, ProblemHttpResult, EmptyHttpResult>> GetAsync(
        HttpContext context, string? source, string? after, string? wait)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<HttpApiOptions>>().Value;
        if (!EventSource.TryParse(source ?? string.Empty, out var conversation, out var sourceError))
        {
            return BadRequest(source is not null ? $"'source': {sourceError}" : "'source' is required, e.g. ?source=http:alice:alice.");
        }

        if (conversation.Platform != HttpChannel.PlatformName)
        {
            return BadRequest($"'source' must be an http source (http:<user>:<chat>), not '{conversation.Platform}'.");
        }

        long afterSeq = 0;
        if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterSeq))
        {
            return BadRequest("'after' must be a non-negative whole number: the last 'seq' already seen.");
        }

        double waitSeconds = 0;
        if (wait is not null
            && (!double.TryParse(wait, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out waitSeconds) || !double.IsFinite(waitSeconds)))
        {
            return BadRequest($"'wait' must be a non-negative number of seconds (at most {options.MaxWaitSeconds}).");
        }

        var waitFor = TimeSpan.FromSeconds(Math.Min(waitSeconds, options.MaxWaitSeconds));
        var replyLog = services.GetRequiredService<IGrainFactory>().GetGrain<IHttpReplyLogGrain>(conversation.ToString());
        IReadOnlyList<HttpReply> replies;
        try
        {
            replies = await WaitForRepliesAsync(replyLog, afterSeq, waitFor, services.GetRequiredService<TimeProvider>(), context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return TypedResults.Empty;
        }

        return TypedResults.Ok(replies.Select(r => new Reply(r.Seq, r.Id, r.Text, r.At)).ToList());
    }

    private static async Task<IReadOnlyList<HttpReply>> WaitForRepliesAsync(
        IHttpReplyLogGrain replyLog, long after, TimeSpan wait, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var startedAt = timeProvider.GetTimestamp();
        while (true)
        {
            var left = wait - timeProvider.GetElapsedTime(startedAt);
            var slice = left < WaitSlice ? left : WaitSlice;
            var replies = await replyLog.WaitAsync(after, slice > TimeSpan.Zero ? slice : TimeSpan.Zero).WaitAsync(cancellationToken);
            if (replies.Count > 0 || slice == left)
            {
                return replies;
            }
        }
    }

    private static ProblemHttpResult BadRequest(string message) => ApiProblem.BadRequest(message);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Publishing a message from {Source} failed; answered 503")]
        public static partial void PublishFailed(ILogger logger, Exception exception, string source);
    }
}
