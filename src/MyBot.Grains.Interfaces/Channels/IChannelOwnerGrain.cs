namespace MyBot.Grains;

/// <summary>
/// Chooses the one silo that runs a loop which must exist once per cluster (Telegram long polling, the Discord
/// gateway), keyed by the loop's name. The holder renews within the lease; a holder that stops renewing (its silo
/// died) loses the loop to the next silo that asks, and a graceful stop hands it over at once.
/// </summary>
public interface IChannelOwnerGrain : IGrainWithStringKey
{
    /// <summary>True when <paramref name="ownerId"/> holds the loop now (newly or still) for <paramref name="lease"/>.</summary>
    Task<bool> TryAcquireAsync(string ownerId, TimeSpan lease);

    /// <summary>Gives the loop up if <paramref name="ownerId"/> holds it.</summary>
    Task ReleaseAsync(string ownerId);

    /// <summary>The current holder, or null.</summary>
    Task<string?> GetOwnerAsync();
}
