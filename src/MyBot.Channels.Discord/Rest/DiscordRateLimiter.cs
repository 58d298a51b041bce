using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace MyBot.Channels.Discord.Rest;

/// <summary>
/// Discord's rate limits as the responses describe them: a bucket per route and channel (learnt from
/// <c>X-RateLimit-Bucket</c>, so routes sharing a limit share a bucket) and the global limit. One instance
/// serves every concurrent call, so a 429 seen by one delivery holds back the others instead of each finding out alone.
/// </summary>
public sealed class DiscordRateLimiter(TimeProvider time)
{
    /// <summary>Discord's published global limit for a bot: requests per second across every route.</summary>
    public const int GlobalRequestsPerSecond = 50;

    private static readonly TimeSpan GlobalWindow = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan InFlightPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>Added to every reset Discord announces: its times are rounded to milliseconds and timers fire to the millisecond.</summary>
    private static readonly TimeSpan ResetMargin = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _bucketHashByTemplate = [];
    private readonly Dictionary<string, Bucket> _buckets = [];
    private DateTimeOffset _globalResetAt = DateTimeOffset.MinValue;
    private readonly Queue<DateTimeOffset> _recentCompletions = new();
    private int _inFlight;

    /// <summary>
    /// Takes one request from the route's bucket, waiting while it is empty or the global limit holds.
    /// Returns null when the request may go, or the wait still ahead when it would exceed <paramref name="maxWait"/>
    /// (nothing is taken then).
    /// </summary>
    public async Task<TimeSpan?> AcquireAsync(DiscordRoute route, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = time.GetUtcNow();
                var bucket = GetBucket(route);
                while (_recentCompletions.TryPeek(out var oldest) && oldest + GlobalWindow <= now)
                {
                    _recentCompletions.Dequeue();
                }

                if (_globalResetAt > now)
                {
                    wait = _globalResetAt - now;
                }
                else if (_inFlight + _recentCompletions.Count >= GlobalRequestsPerSecond)
                {
                    // Counted from when each answer came back (never before Discord saw the request) plus those still out:
                    // whatever second Discord counts in, it cannot see more than the limit.
                    wait = _recentCompletions.TryPeek(out var oldest) ? oldest + GlobalWindow - now : InFlightPoll;
                }
                else if (bucket.ResetAt <= now)
                {
                    // A new window began; until a response says when it ends, assume it is as long as the last one.
                    // A limit never learnt (only a 429 seen) stays unknown: requests go until a response tells it.
                    bucket.Remaining = bucket.Limit - 1;
                    bucket.ResetAt = bucket.Limit is null ? DateTimeOffset.MaxValue : now + bucket.Window;
                    _inFlight++;
                    return null;
                }
                else if (bucket.Remaining is null or > 0)
                {
                    bucket.Remaining--;
                    _inFlight++;
                    return null;
                }
                else
                {
                    wait = bucket.ResetAt - now;
                }
            }

            if (wait > maxWait)
            {
                return wait;
            }

            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every request <see cref="AcquireAsync"/> let go reports here once it finished, answered or not.</summary>
    public void Completed()
    {
        lock (_gate)
        {
            _inFlight--;
            _recentCompletions.Enqueue(time.GetUtcNow());
        }
    }

    /// <summary>Learns the route's limit from a response; a 429 empties the bucket (or stops everything when global) for its retry_after.</summary>
    public void Update(DiscordRoute route, HttpStatusCode status, HttpResponseHeaders headers, TimeSpan? retryAfter, bool global)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (Header(headers, "X-RateLimit-Bucket") is { } hash)
            {
                var oldKey = BucketKey(route);
                _bucketHashByTemplate[route.Template] = hash;
                var newKey = BucketKey(route);
                if (oldKey != newKey && _buckets.Remove(oldKey, out var learnt))
                {
                    _buckets.TryAdd(newKey, learnt);
                }
            }

            var bucket = GetBucket(route);
            if (int.TryParse(Header(headers, "X-RateLimit-Limit"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit))
            {
                bucket.Limit = limit;
            }

            if (int.TryParse(Header(headers, "X-RateLimit-Remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining)
                && Seconds(Header(headers, "X-RateLimit-Reset-After")) is { } resetAfter)
            {
                var resetAt = now + resetAfter + ResetMargin;
                var sameWindow = bucket.ResetAt != DateTimeOffset.MaxValue && (bucket.ResetAt - resetAt).Duration() < TimeSpan.FromMilliseconds(500);

                // Responses to concurrent requests arrive in any order: within one window the lowest count is the true one.
                bucket.Remaining = sameWindow && bucket.Remaining is { } known ? Math.Min(known, remaining) : remaining;
                bucket.ResetAt = resetAt;
                if (remaining == bucket.Limit - 1)
                {
                    bucket.Window = resetAfter;
                }
            }

            if (status == HttpStatusCode.TooManyRequests)
            {
                var wait = (retryAfter ?? TimeSpan.FromSeconds(1)) + ResetMargin;
                if (global || string.Equals(Header(headers, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase))
                {
                    _globalResetAt = Max(_globalResetAt, now + wait);
                }
                else
                {
                    bucket.Remaining = 0;
                    bucket.ResetAt = bucket.ResetAt == DateTimeOffset.MaxValue ? now + wait : Max(bucket.ResetAt, now + wait);
                }
            }
        }
    }

    internal static TimeSpan? Seconds(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private string BucketKey(DiscordRoute route) =>
        $"{(_bucketHashByTemplate.TryGetValue(route.Template, out var hash) ? hash : route.Template)}|{route.MajorId}";

    private Bucket GetBucket(DiscordRoute route)
    {
        var key = BucketKey(route);
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            bucket = new Bucket();
            _buckets[key] = bucket;
        }

        return bucket;
    }

    /// <remarks>Unknown limits (<see cref="Remaining"/> null) let requests through until a response tells the limit.</remarks>
    private sealed class Bucket
    {
        public int? Limit { get; set; }

        public int? Remaining { get; set; }

        public DateTimeOffset ResetAt { get; set; } = DateTimeOffset.MaxValue;

        public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);
    }
}
