namespace MyBot.Runtime.AzureStorage;

/// <summary>The parts of an Azure Storage connection string this backend uses (account key auth; Azurite's is one of these).</summary>
public sealed record StorageConnectionString(string AccountName, string AccountKey, Uri BlobEndpoint, Uri QueueEndpoint)
{
    private const string DevelopmentAccount = "devstoreaccount1";

    /// <summary>Azurite's published development key (not a secret).</summary>
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static StorageConnectionString Parse(string connectionString)
    {
        var parts = connectionString
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);

        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && bool.TryParse(development, out var useDevelopment) && useDevelopment)
        {
            return new StorageConnectionString(
                DevelopmentAccount,
                DevelopmentKey,
                new Uri($"http://127.0.0.1:10000/{DevelopmentAccount}"),
                new Uri($"http://127.0.0.1:10001/{DevelopmentAccount}"));
        }

        var accountName = Required(parts, "AccountName");
        var accountKey = Required(parts, "AccountKey");
        var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol") ?? "https";
        var suffix = parts.GetValueOrDefault("EndpointSuffix") ?? "core.windows.net";
        return new StorageConnectionString(
            accountName,
            accountKey,
            Endpoint(parts, "BlobEndpoint", $"{protocol}://{accountName}.blob.{suffix}"),
            Endpoint(parts, "QueueEndpoint", $"{protocol}://{accountName}.queue.{suffix}"));
    }

    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"AccountName={AccountName};BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint}";

    private static string Required(Dictionary<string, string> parts, string name) =>
        parts.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new InvalidOperationException($"MyBot:Storage:Azure:ConnectionString has no {name}.");

    private static Uri Endpoint(Dictionary<string, string> parts, string name, string fallback) =>
        Uri.TryCreate(parts.GetValueOrDefault(name) ?? fallback, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"MyBot:Storage:Azure:ConnectionString has an invalid {name}.");
}
