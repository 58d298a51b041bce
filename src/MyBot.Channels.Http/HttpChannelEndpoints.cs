using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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

    public static IEndpointRouteBuilder MapHttpChannel(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost(Route, (Delegate)PostAsync).RequireApiToken();
        endpoints.MapGet(Route, (Delegate)GetAsync).RequireApiToken();
        return endpoints;
    }

    private static async Task<IResult> PostAsync(HttpContext context)
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
            return Results.Json(
                new ApiError("The message could not be stored; nothing was accepted. Retry with the same 'id'."),
                ChannelJson.Options,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return Results.Json(new AcceptedMessage(message.Source.ToString(), inbound.Id), ChannelJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> GetAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<HttpApiOptions>>().Value;
        var query = context.Request.Query;
        if (!EventSource.TryParse(query["source"].ToString(), out var source, out var sourceError))
        {
            return BadRequest(query.ContainsKey("source") ? $"'source': {sourceError}" : "'source' is required, e.g. ?source=http:alice:alice.");
        }

        if (source.Platform != HttpChannel.PlatformName)
        {
            return BadRequest($"'source' must be an http source (http:<user>:<chat>), not '{source.Platform}'.");
        }

        long after = 0;
        if (query.ContainsKey("after") && (!long.TryParse(query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out after)))
        {
            return BadRequest("'after' must be a non-negative whole number: the last 'seq' already seen.");
        }

        double waitSeconds = 0;
        if (query.ContainsKey("wait")
            && (!double.TryParse(query["wait"], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out waitSeconds) || !double.IsFinite(waitSeconds)))
        {
            return BadRequest($"'wait' must be a non-negative number of seconds (at most {options.MaxWaitSeconds}).");
        }

        var wait = TimeSpan.FromSeconds(Math.Min(waitSeconds, options.MaxWaitSeconds));
        var replyLog = services.GetRequiredService<IGrainFactory>().GetGrain<IHttpReplyLogGrain>(source.ToString());
        IReadOnlyList<HttpReply> replies;
        try
        {
            replies = await WaitForRepliesAsync(replyLog, after, wait, services.GetRequiredService<TimeProvider>(), context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }

        return Results.Json(replies, ChannelJson.Options);
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

    private static IResult BadRequest(string message) =>
        Results.Json(new ApiError(message), ChannelJson.Options, statusCode: StatusCodes.Status400BadRequest);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Publishing a message from {Source} failed; answered 503")]
        public static partial void PublishFailed(ILogger logger, Exception exception, string source);
    }
}
