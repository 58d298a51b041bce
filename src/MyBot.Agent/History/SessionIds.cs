using System.Globalization;

namespace MyBot.Agent.History;

public static class SessionIds
{
    /// <summary>Sorts by start time, and a random tail keeps two sessions started in the same second apart.</summary>
    public static string Create(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}")[..24];
}
