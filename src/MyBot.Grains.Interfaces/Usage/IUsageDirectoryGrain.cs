namespace MyBot.Grains;

/// <summary>
/// Which users have usage, so the owner's console can list them: usage grains are keyed by user and Orleans cannot
/// enumerate grains by type. One activation (key <see cref="Key"/>); a usage grain tells it once per user per day.
/// </summary>
public interface IUsageDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "usage";

    Task AddAsync(string userKey, DateOnly day);

    /// <summary>The users with usage on a day still kept (this month or the last), in key order.</summary>
    Task<IReadOnlyList<string>> ListAsync();
}
