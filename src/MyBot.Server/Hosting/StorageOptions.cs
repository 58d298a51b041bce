using System.ComponentModel.DataAnnotations;

namespace MyBot.Server.Hosting;

/// <summary>Bound from <c>MyBot:Storage</c>: where the silo keeps grain state, the inbound stream, reminders and dead letters.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "MyBot:Storage";

    public const string File = "File";

    public const string AzureStorage = "AzureStorage";

    /// <summary><c>File</c> (the localhost silo, everything under <c>MyBot:DataDir</c>) or <c>AzureStorage</c> (a cluster on Table, Blob and Queue storage).</summary>
    [Required]
    [AllowedValues(File, AzureStorage)]
    public string Provider { get; set; } = File;

    /// <summary>Reads the provider before the options system exists (the silo is configured while the host is built).</summary>
    public static bool IsAzure(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = configuration[$"{SectionName}:{nameof(Provider)}"] ?? File;
        return provider switch
        {
            File => false,
            AzureStorage => true,
            _ => throw new ServerConfigurationException($"MyBot:Storage:Provider '{provider}' is unknown; use {File} or {AzureStorage}."),
        };
    }
}
