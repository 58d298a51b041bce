using System.ClientModel;
using System.Globalization;
using System.Text.Json;

namespace MyBot.Agent.Llm;

/// <summary>Turns an HTTP failure of the OpenAI client into an <see cref="LlmException"/> whose message helps the owner.</summary>
internal static class LlmErrorMapping
{
    private const int MaxDetailLength = 300;

    public static LlmException ToLlmException(ClientResultException exception, TimeProvider timeProvider)
    {
        var status = exception.Status;
        var detail = ReadErrorMessage(exception);
        return status switch
        {
            0 => new LlmException(LlmErrorKind.ServerError, "The LLM endpoint could not be reached; check MyBot:Llm:Endpoint and that the server runs.", null, exception),
            401 or 403 => new LlmException(LlmErrorKind.Unauthorized, $"The LLM endpoint rejected the credentials ({status}); check MyBot:Llm:ApiKey.", null, exception),
            429 => new LlmException(LlmErrorKind.RateLimited, $"The LLM endpoint is rate limiting (429).{Suffix(detail)}", ReadRetryAfter(exception, timeProvider), exception),
            408 => new LlmException(LlmErrorKind.Timeout, "The LLM endpoint timed out (408).", null, exception),
            >= 500 => new LlmException(LlmErrorKind.ServerError, $"The LLM endpoint failed ({status}).{Suffix(detail)}", null, exception),
            _ => new LlmException(LlmErrorKind.BadRequest, $"The LLM endpoint refused the request ({status}).{Suffix(detail)}", null, exception),
        };
    }

    private static string Suffix(string? detail) => detail is null ? string.Empty : $" {detail}";

    private static string? ReadErrorMessage(ClientResultException exception)
    {
        var response = exception.GetRawResponse();
        if (response is null)
        {
            return null;
        }

        string? message;
        try
        {
            using var document = JsonDocument.Parse(response.Content);
            message = document.RootElement.TryGetProperty("error", out var error)
                ? error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var text) ? text.GetString() : error.ToString()
                : null;
        }
        catch (JsonException)
        {
            message = response.Content.ToString();
        }

        if (string.IsNullOrWhiteSpace(message))
        {
            return null;
        }

        message = message.Trim();
        return message.Length <= MaxDetailLength ? message : string.Concat(message.AsSpan(0, MaxDetailLength), "…");
    }

    private static TimeSpan? ReadRetryAfter(ClientResultException exception, TimeProvider timeProvider)
    {
        var headers = exception.GetRawResponse()?.Headers;
        if (headers is null)
        {
            return null;
        }

        if (headers.TryGetValue("retry-after-ms", out var milliseconds) && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (!headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
