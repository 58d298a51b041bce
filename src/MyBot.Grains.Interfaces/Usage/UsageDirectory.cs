using System.IO.Hashing;
using System.Text;

namespace MyBot.Grains;

/// <summary>
/// The usage directory is split over <see cref="ShardCount"/> grains by a stable hash of the user's key: one grain
/// would take a write of the whole list from every new user of the day, in turn, on the turn's path, which at thousands
/// of new users made the calls queue past Orleans' response timeout.
/// </summary>
public static class UsageDirectory
{
    /// <summary>Fixed for good: a user's shard is derived from it, so changing it would hide the users already listed.</summary>
    public const int ShardCount = 64;

    public static IUsageDirectoryGrain GetUsageDirectoryShard(this IGrainFactory grains, string userKey)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(userKey);
        var shard = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(userKey)) % ShardCount;
        return grains.GetGrain<IUsageDirectoryGrain>(ShardKey((int)shard));
    }

    /// <summary>The users with usage on a day still kept (this month or the last), from every shard, in key order.</summary>
    public static async Task<IReadOnlyList<string>> ListUsersWithUsageAsync(this IGrainFactory grains, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var shards = await Task.WhenAll(Enumerable.Range(0, ShardCount)
            .Select(shard => grains.GetGrain<IUsageDirectoryGrain>(ShardKey(shard)).ListAsync().WaitAsync(cancellationToken)));
        return [.. shards.SelectMany(users => users).Order(StringComparer.Ordinal)];
    }

    private static string ShardKey(int shard) => shard.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
}
