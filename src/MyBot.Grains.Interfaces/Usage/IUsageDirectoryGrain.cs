namespace MyBot.Grains;

/// <summary>
/// Which users have usage, so the owner's console can list them: usage grains are keyed by user and Orleans cannot
/// enumerate grains by type. One shard of the directory (see <see cref="UsageDirectory"/>); a usage grain tells its
/// user's shard once per user per day.
/// </summary>
public interface IUsageDirectoryGrain : IGrainWithStringKey
{
    Task AddAsync(string userKey, DateOnly day);

    /// <summary>The users of this shard with usage on a day still kept (this month or the last), in key order.</summary>
    Task<IReadOnlyList<string>> ListAsync();
}
