using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MyBot.Channels.Discord.Rest;

/// <summary>The Discord REST calls the channel makes, each through the shared <see cref="DiscordRateLimiter"/>.</summary>
public sealed partial class DiscordRestClient(
    IHttpClientFactory httpClientFactory,
    IOptions<DiscordOptions> options,
    DiscordRateLimiter rateLimiter,
    TimeProvider time,
    ILogger<DiscordRestClient> logger)
{
    public const string HttpClientName = "discord";

    private const int ReadAttempts = 4;

    private static readonly DiscordRoute GatewayBotRoute = new("GET /gateway/bot");
    private static readonly DiscordRoute CurrentUserRoute = new("GET /users/@me");

    public Task<DiscordGatewayBot> GetGatewayBotAsync(CancellationToken cancellationToken) =>
        ReadAsync<DiscordGatewayBot>(GatewayBotRoute, "gateway/bot", cancellationToken);

    public Task<DiscordUser> GetCurrentUserAsync(CancellationToken cancellationToken) =>
        ReadAsync<DiscordUser>(CurrentUserRoute, "users/@me", cancellationToken);

    /// <summary>The channel's messages after <paramref name="afterMessageId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<DiscordMessage>> GetMessagesAfterAsync(string channelId, string afterMessageId, int limit, CancellationToken cancellationToken)
    {
        var messages = await ReadAsync<List<DiscordMessage>>(
            new DiscordRoute("GET /channels/{channel_id}/messages", channelId),
            $"channels/{Uri.EscapeDataString(channelId)}/messages?after={Uri.EscapeDataString(afterMessageId)}&limit={limit.ToString(CultureInfo.InvariantCulture)}",
            cancellationToken).ConfigureAwait(false);
        messages.Sort((a, b) => Snowflake.Compare(a.Id, b.Id));
        return messages;
    }

    /// <summary>
    /// Posts one message. <paramref name="nonce"/> with <c>enforce_nonce</c> makes Discord return the message it already
    /// created for that nonce instead of posting it twice, which covers a crash between sending and recording the send.
    /// </summary>
    public async Task<SendResult> CreateMessageAsync(string channelId, string content, string? replyToMessageId, string nonce, CancellationToken cancellationToken)
    {
        var route = new DiscordRoute("POST /channels/{channel_id}/messages", channelId);
        var body = new CreateMessageRequest(
            content,
            nonce,
            EnforceNonce: true,
            new AllowedMentions([], RepliedUser: true),
            replyToMessageId is null ? null : new DiscordMessageReference(replyToMessageId, FailIfNotExists: false));

        if (await rateLimiter.AcquireAsync(route, options.Value.MaxInlineRateLimitWait, cancellationToken).ConfigureAwait(false) is { } wait)
        {
            return SendResult.Throttled(wait, "Discord rate limit for this channel is exhausted; waiting for it to reset.");
        }

        DiscordResponse response;
        try
        {
            response = await SendAsync(route, HttpMethod.Post, $"channels/{Uri.EscapeDataString(channelId)}/messages", body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
        {
            return SendResult.Transient($"Discord could not be reached: {exception.Message}");
        }

        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            var message = JsonSerializer.Deserialize<DiscordMessage>(response.Body, DiscordJson.Options);
            return SendResult.Sent(message?.Id);
        }

        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => SendResult.Throttled(
                response.RetryAfter ?? TimeSpan.FromSeconds(1),
                response.Global ? "Discord global rate limit (429)." : "Discord rate limit (429)."),
            HttpStatusCode.Unauthorized => SendResult.Transient($"Discord rejected the bot token (401); check {DiscordOptions.BotTokenKey}."),
            HttpStatusCode.Forbidden or HttpStatusCode.NotFound =>
                SendResult.Permanent($"Discord refused the message for channel {channelId} ({status}): {response.ErrorText}"),
            _ when status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout =>
                SendResult.Transient($"Discord answered {status}: {response.ErrorText}"),
            _ => SendResult.Permanent($"Discord rejected the message ({status}): {response.ErrorText}"),
        };
    }

    /// <summary>Shows "typing…" in the channel for about ten seconds. Best effort: returns false instead of throwing.</summary>
    public async Task<bool> TriggerTypingAsync(string channelId, CancellationToken cancellationToken)
    {
        var route = new DiscordRoute("POST /channels/{channel_id}/typing", channelId);
        try
        {
            if (await rateLimiter.AcquireAsync(route, TimeSpan.Zero, cancellationToken).ConfigureAwait(false) is not null)
            {
                return false;
            }

            var response = await SendAsync(route, HttpMethod.Post, $"channels/{Uri.EscapeDataString(channelId)}/typing", null, cancellationToken).ConfigureAwait(false);
            return (int)response.StatusCode is >= 200 and < 300;
        }
        catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
        {
            Log.TypingFailed(logger, channelId, exception.Message);
            return false;
        }
    }

    private static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or IOException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>A GET that waits out 429s and retries 5xx a few times, then throws; 401 means the token is wrong and stops the channel.</summary>
    private async Task<T> ReadAsync<T>(DiscordRoute route, string path, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(500);
        for (var attempt = 1; ; attempt++)
        {
            await rateLimiter.AcquireAsync(route, TimeSpan.MaxValue, cancellationToken).ConfigureAwait(false);
            DiscordResponse response;
            try
            {
                response = await SendAsync(route, HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsTransportFailure(exception, cancellationToken) && attempt < ReadAttempts)
            {
                Log.ReadRetry(logger, route.Template, exception.Message);
                await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
                backoff *= 2;
                continue;
            }

            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return JsonSerializer.Deserialize<T>(response.Body, DiscordJson.Options)
                    ?? throw new DiscordApiException($"Discord answered {route.Template} with an empty body.", response.StatusCode);
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new ChannelFatalException($"Discord rejected the bot token (401). Set a valid bot token in {DiscordOptions.BotTokenKey}.");
            }

            var retryable = response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500;
            if (!retryable || attempt >= ReadAttempts)
            {
                throw new DiscordApiException($"Discord answered {route.Template} with {status}: {response.ErrorText}", response.StatusCode);
            }

            Log.ReadRetry(logger, route.Template, status.ToString(CultureInfo.InvariantCulture));
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
                backoff *= 2;
            }
        }
    }

    private async Task<DiscordResponse> SendAsync(DiscordRoute route, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(method, new Uri($"{settings.ApiBaseUrl.TrimEnd('/')}/{path}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bot", settings.BotToken);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: DiscordJson.Options);
        }

        var http = httpClientFactory.CreateClient(HttpClientName);
        HttpResponseMessage sent;
        try
        {
            sent = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            rateLimiter.Completed();
        }

        using var response = sent;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);

        TimeSpan? retryAfter = null;
        var global = false;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            (retryAfter, global) = ParseRateLimited(text);
            retryAfter ??= DiscordRateLimiter.Seconds(response.Headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null);
            Log.RateLimited(logger, route.Template, retryAfter?.TotalMilliseconds ?? 0, global);
        }

        rateLimiter.Update(route, response.StatusCode, response.Headers, retryAfter, global);
        return new DiscordResponse(response.StatusCode, text, retryAfter, global);
    }

    private static (TimeSpan? RetryAfter, bool Global) ParseRateLimited(string body)
    {
        try
        {
            var limited = JsonSerializer.Deserialize<RateLimitedBody>(body, DiscordJson.Options);
            return (limited?.RetryAfter is { } seconds and >= 0 ? TimeSpan.FromSeconds(seconds) : null, limited?.Global == true);
        }
        catch (JsonException)
        {
            return (null, false);
        }
    }

    private sealed record DiscordResponse(HttpStatusCode StatusCode, string Body, TimeSpan? RetryAfter, bool Global)
    {
        /// <summary>Discord's error message and code, for the dead letter; the body never carries the token.</summary>
        public string ErrorText
        {
            get
            {
                try
                {
                    var error = JsonSerializer.Deserialize<ErrorBody>(Body, DiscordJson.Options);
                    if (error?.Message is { } message)
                    {
                        return error.Code is { } code ? $"{message} (code {code})" : message;
                    }
                }
                catch (JsonException)
                {
                }

                return Body.Length > 200 ? Body[..200] : Body;
            }
        }
    }

    private sealed record ErrorBody(string? Message, int? Code);

    private sealed record RateLimitedBody(double? RetryAfter, bool? Global);

    private sealed record AllowedMentions(IReadOnlyList<string> Parse, bool RepliedUser);

    private sealed record CreateMessageRequest(
        string Content,
        string Nonce,
        bool EnforceNonce,
        AllowedMentions AllowedMentions,
        DiscordMessageReference? MessageReference);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Discord rate limited {Route}: retry after {RetryAfterMs} ms (global {Global})")]
        public static partial void RateLimited(ILogger logger, string route, double retryAfterMs, bool global);

        [LoggerMessage(Level = LogLevel.Information, Message = "Discord {Route} failed ({Reason}); retrying")]
        public static partial void ReadRetry(ILogger logger, string route, string reason);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Discord typing indicator for channel {ChannelId} failed: {Reason}")]
        public static partial void TypingFailed(ILogger logger, string channelId, string reason);
    }
}
