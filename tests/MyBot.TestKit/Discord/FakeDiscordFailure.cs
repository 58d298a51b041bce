using System.Net;

namespace MyBot.TestKit.Discord;

/// <summary>An answer the fake gives to the next <c>POST /channels/{id}/messages</c> instead of creating the message.</summary>
public sealed record FakeDiscordFailure(HttpStatusCode Status, TimeSpan? RetryAfter = null, bool Global = false)
{
    public static FakeDiscordFailure RateLimited(TimeSpan retryAfter, bool global = false) => new(HttpStatusCode.TooManyRequests, retryAfter, global);

    public static FakeDiscordFailure Forbidden { get; } = new(HttpStatusCode.Forbidden);

    public static FakeDiscordFailure ServerError { get; } = new(HttpStatusCode.InternalServerError);
}
