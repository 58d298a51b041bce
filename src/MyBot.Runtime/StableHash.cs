using System.Text;

namespace MyBot.Runtime;

/// <summary>FNV-1a over UTF-8: the same on every process and machine, unlike <see cref="string.GetHashCode()"/>.</summary>
public static class StableHash
{
    private const uint OffsetBasis32 = 2166136261;
    private const uint Prime32 = 16777619;
    private const ulong OffsetBasis64 = 14695981039346656037;
    private const ulong Prime64 = 1099511628211;

    public static uint Fnv1a32(string value)
    {
        var hash = OffsetBasis32;
        foreach (var b in Utf8(value))
        {
            hash = (hash ^ b) * Prime32;
        }

        return hash;
    }

    public static ulong Fnv1a64(string value)
    {
        var hash = OffsetBasis64;
        foreach (var b in Utf8(value))
        {
            hash = (hash ^ b) * Prime64;
        }

        return hash;
    }

    /// <summary>The partition a stream or grain key belongs to.</summary>
    public static int Partition(string key, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        return (int)(Fnv1a32(key) % (uint)partitionCount);
    }

    private static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);
}
