using System.Collections.Concurrent;

namespace MyBot.Orleans.FileStorage.Tests.Cluster;

/// <summary>What the test grains saw, per grain key; keys are unique per test, so tests running in parallel do not mix.</summary>
public static class TestObservations
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Seen = new();

    public static void Record(string key, string what) => Seen.GetOrAdd(key, _ => new()).Enqueue(what);

    public static IReadOnlyList<string> For(string key) => Seen.TryGetValue(key, out var seen) ? [.. seen] : [];
}
