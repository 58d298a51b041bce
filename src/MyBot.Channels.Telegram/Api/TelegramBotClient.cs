using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace MyBot.Channels.Telegram.Api;

/// <summary>
/// The Bot API methods the channel uses, over <see cref="HttpClient"/> with JSON bodies. Failures become
/// <see cref="TelegramApiException"/> with a <see cref="TelegramErrorKind"/>; the token is only ever in the request URL.
/// </summary>
public sealed class TelegramBotClient(HttpClient http, IOptions<TelegramOptions> options)
{
    private static readonly string[] AllowedUpdates = ["message"];

    private TimeSpan RequestTimeout => options.Value.RequestTimeout;

    public Task<TelegramUser> GetMeAsync(CancellationToken cancellationToken) =>
        CallAsync<TelegramUser>("getMe", new { }, RequestTimeout, cancellationToken);

    /// <summary>The updates as raw JSON, each to be read on its own with <see cref="TelegramUpdateReader"/>: one malformed update must not make the whole batch unreadable.</summary>
    public Task<IReadOnlyList<JsonElement>> GetUpdatesAsync(long? offset, TimeSpan timeout, CancellationToken cancellationToken) =>
        CallAsync<IReadOnlyList<JsonElement>>(
            "getUpdates",
            new { offset, timeout = (int)timeout.TotalSeconds, allowed_updates = AllowedUpdates },
            // A poll that has not answered well after its own timeout is stalled (a dead connection): give up and poll again.
            timeout + RequestTimeout / 2,
            cancellationToken);

    /// <param name="parseMode"><c>HTML</c>, or null for plain text.</param>
    public Task<TelegramMessage> SendMessageAsync(long chatId, string text, string? parseMode, long? replyToMessageId, CancellationToken cancellationToken) =>
        CallAsync<TelegramMessage>(
            "sendMessage",
            new
            {
                chat_id = chatId,
                text,
                parse_mode = parseMode,
                reply_parameters = replyToMessageId is { } id ? new { message_id = id, allow_sending_without_reply = true } : null,
                link_preview_options = new { is_disabled = true },
            },
            RequestTimeout,
            cancellationToken);

    public Task SendChatActionAsync(long chatId, string action, CancellationToken cancellationToken) =>
        CallAsync<bool>("sendChatAction", new { chat_id = chatId, action }, RequestTimeout, cancellationToken);

    public Task SetWebhookAsync(Uri url, string secretToken, CancellationToken cancellationToken) =>
        CallAsync<bool>("setWebhook", new { url = url.ToString(), secret_token = secretToken, allowed_updates = AllowedUpdates }, RequestTimeout, cancellationToken);

    public Task DeleteWebhookAsync(CancellationToken cancellationToken) =>
        CallAsync<bool>("deleteWebhook", new { drop_pending_updates = false }, RequestTimeout, cancellationToken);

    public Task SetMyCommandsAsync(IReadOnlyList<TelegramBotCommand> commands, CancellationToken cancellationToken) =>
        CallAsync<bool>("setMyCommands", new { commands }, RequestTimeout, cancellationToken);

    private async Task<T> CallAsync<T>(string method, object body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var url = new Uri($"{settings.ApiBaseUrl.AbsoluteUri.TrimEnd('/')}/bot{settings.BotToken}/{method}");
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        HttpResponseMessage response;
        TelegramResponse<T>? answer;
        try
        {
            response = await http.PostAsJsonAsync(url, body, TelegramJson.Options, timeoutSource.Token);
            using (response)
            {
                answer = await ReadAnswerAsync<T>(response, timeoutSource.Token);
                if (answer is { Ok: true })
                {
                    return answer.Result!;
                }

                throw Failure(method, (int)response.StatusCode, answer);
            }
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TelegramApiException(method, TelegramErrorKind.Transient, null, $"no answer within {timeout.TotalSeconds:0} s", innerException: exception);
        }
        catch (HttpRequestException exception)
        {
            // The message of an HttpRequestException names the host at most, never the path with the token.
            throw new TelegramApiException(method, TelegramErrorKind.Transient, null, exception.HttpRequestError.ToString(), innerException: exception);
        }
        catch (IOException exception)
        {
            throw new TelegramApiException(method, TelegramErrorKind.Transient, null, "connection dropped", innerException: exception);
        }
    }

    private static async Task<TelegramResponse<T>?> ReadAnswerAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<TelegramResponse<T>>(TelegramJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TelegramApiException Failure<T>(string method, int status, TelegramResponse<T>? answer)
    {
        var code = answer?.ErrorCode ?? status;
        var description = answer?.Description ?? $"HTTP {status.ToString(CultureInfo.InvariantCulture)} without a Bot API answer";
        var kind = code switch
        {
            429 => TelegramErrorKind.RateLimited,
            >= 500 => TelegramErrorKind.Transient,
            (int)HttpStatusCode.Unauthorized => TelegramErrorKind.Unauthorized,
            (int)HttpStatusCode.Forbidden => TelegramErrorKind.Forbidden,
            (int)HttpStatusCode.Conflict => TelegramErrorKind.Conflict,
            _ when description.Contains("can't parse entities", StringComparison.OrdinalIgnoreCase) => TelegramErrorKind.CantParseEntities,
            _ when description.Contains("chat not found", StringComparison.OrdinalIgnoreCase) => TelegramErrorKind.ChatNotFound,
            _ when answer is null => TelegramErrorKind.Transient,
            _ => TelegramErrorKind.BadRequest,
        };
        TimeSpan? retryAfter = answer?.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : kind == TelegramErrorKind.RateLimited ? TimeSpan.FromSeconds(1) : null;
        return new TelegramApiException(method, kind, code, description, retryAfter);
    }
}
