namespace MyBot.Channels.Http;

/// <summary>The body of every 4xx/5xx answer of the API: says what is wrong and how to fix it.</summary>
public sealed record ApiError(string Error);
