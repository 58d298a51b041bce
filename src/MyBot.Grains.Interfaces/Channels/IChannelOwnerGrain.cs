namespace MyBot.Grains;

/// <summary>
/// Chooses the one silo that runs a loop which must exist once per cluster (Telegram long polling, the Discord
/// gateway), keyed by the loop's name. The holder renews within the lease; a holder that stops renewing loses the loop
/// to the next silo that asks once the lease runs out, or as soon as the cluster has declared the holder's silo dead,
/// and a graceful stop hands it over at once.
/// </summary>
public interface IChannelOwnerGrain : IGrainWithStringKey
{
    /// <summary>True when <paramref name="ownerId"/> holds the loop now (newly or still) for <paramref name="lease"/>.</summary>
    /// <param name="silo">Where the owner runs, so its lease ends when the cluster declares that silo dead; null: only the lease ends it.</param>
    Task<bool> TryAcquireAsync(string ownerId, TimeSpan lease, SiloAddress? silo = null);

    /// <summary>Gives the loop up if <paramref name="ownerId"/> holds it.</summary>
    Task ReleaseAsync(string ownerId);

    /// <summary>The current holder, or null.</summary>
    Task<string?> GetOwnerAsync();
}
