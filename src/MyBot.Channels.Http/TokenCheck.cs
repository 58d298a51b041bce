namespace MyBot.Channels.Http;

/// <summary>
/// What <see cref="WrongTokenLimiter.Check"/> made of a presented token: right, wrong (and counted), or not even
/// compared because its client has used up its wrong tokens, in which case <see cref="RetryAfter"/> says for how long.
/// </summary>
public readonly record struct TokenCheck(bool IsRight, TimeSpan? RetryAfter)
{
    /// <summary>Whole seconds to wait, rounded up, as the <c>Retry-After</c> header wants them.</summary>
    public string? RetryAfterSeconds =>
        RetryAfter is { } wait ? Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
}
