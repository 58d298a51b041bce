using System.Security.Cryptography;
using System.Text;

namespace MyBot.Channels;

/// <summary>Compares a presented secret (an API token, a webhook secret) with the configured one.</summary>
public static class Secrets
{
    /// <summary>Hashing both first makes the comparison constant-time in the secrets' lengths too, not only their content.</summary>
    public static bool Match(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
