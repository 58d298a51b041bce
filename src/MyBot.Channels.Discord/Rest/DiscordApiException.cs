using System.Net;

namespace MyBot.Channels.Discord.Rest;

/// <summary>A REST call Discord refused, or that kept failing after its retries.</summary>
public sealed class DiscordApiException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    public HttpStatusCode? StatusCode { get; } = statusCode;
}
