namespace MyBot.Server.Hosting;

/// <summary>
/// Settings that are no longer read: those of the home-made runtime that Orleans replaced, and keys renamed since. A
/// deployment that still sets one would silently run with the default of its successor, so the server refuses to start
/// and names the new key (or says the setting is gone).
/// </summary>
public static class RenamedSettings
{
    private static readonly IReadOnlyDictionary<string, string> Successors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["MyBot:Runtime:MaxAttempts"] = "MyBot:Streams:MaxAttempts (a message that cannot be stored) and MyBot:Session:MaxAttempts (a turn that keeps failing)",
        ["MyBot:Runtime:VisibilityTimeout"] = "MyBot:Streams:VisibilityTimeout",
        ["MyBot:Runtime:Partitions"] = "MyBot:Streams:Queues",
        ["MyBot:Runtime:IdleDeactivation"] = "MyBot:Orleans:IdleDeactivation",
        ["MyBot:Runtime:RetryBackoff"] = "MyBot:Session:RetryBackoff",
        ["MyBot:Runtime:PollInterval"] = "nothing: Orleans polls its queues itself",
        ["MyBot:Runtime:MaxPollInterval"] = "nothing: Orleans polls its queues itself",
        ["MyBot:Runtime:BatchSize"] = "nothing: Orleans reads its queues in batches itself",
        ["MyBot:Storage:Azure:ServiceId"] = "MyBot:Orleans:ServiceId",
        ["MyBot:Storage:Azure:LeaseDuration"] = "nothing: Orleans' cluster membership chooses owners",
        ["MyBot:Storage:Azure:RenewInterval"] = "nothing: Orleans' cluster membership chooses owners",
        ["MyBot:Storage:Azure:ReplicaExpiry"] = "nothing: Orleans' cluster membership chooses owners",
        ["MyBot:Storage:Azure:PartitionDrainTime"] = "nothing: Orleans' cluster membership chooses owners",
        ["MyBot:Storage:Azure:RequestTimeout"] = "nothing: the Azure SDK's own retry policy applies",
        ["MyBot:Storage:Azure:MaxRetries"] = "nothing: the Azure SDK's own retry policy applies",
        ["MyBot:Storage:Azure:QueueCount"] = "MyBot:Streams:Queues, which counts the queues in both modes",
    };

    /// <summary>Throws <see cref="ServerConfigurationException"/> naming every retired key that is set.</summary>
    public static void ThrowIfAnySet(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var set = Successors.Where(pair => configuration[pair.Key] is not null).ToList();
        if (set.Count > 0)
        {
            throw new ServerConfigurationException(string.Join(
                " ",
                set.Select(pair => $"{pair.Key} ({pair.Key.Replace(":", "__", StringComparison.Ordinal)}) is no longer read; use {pair.Value}.")));
        }
    }
}
