namespace MyBot.Channels.Discord;

/// <summary>Discord ids are 64-bit numbers in strings; they sort by creation time only when compared as numbers.</summary>
internal static class Snowflake
{
    public static int Compare(string? left, string? right)
    {
        if (left is null || right is null)
        {
            return left is null ? (right is null ? 0 : -1) : 1;
        }

        return ulong.TryParse(left, out var l) && ulong.TryParse(right, out var r)
            ? l.CompareTo(r)
            : string.CompareOrdinal(left.PadLeft(20, '0'), right.PadLeft(20, '0'));
    }

    /// <summary>The id just before <paramref name="id"/>: fetching messages after it includes <paramref name="id"/> itself.</summary>
    public static string Before(string id) =>
        ulong.TryParse(id, out var value) && value > 0 ? (value - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "0";
}
