using System.ComponentModel.DataAnnotations;

namespace MyBot.Orleans.AzureStorage.Hosting;

/// <summary>Bound from <c>MyBot:Storage:Azure</c>; used when <c>MyBot:Storage:Provider</c> is <c>AzureStorage</c>.</summary>
public sealed class AzureStorageOptions : IValidatableObject
{
    public const string SectionName = "MyBot:Storage:Azure";

    /// <summary>Account key or Azurite connection string. Leave empty in Azure and set the three endpoints (managed identity).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>e.g. https://account.blob.core.windows.net; used with a managed identity when there is no connection string.</summary>
    public Uri? BlobEndpoint { get; set; }

    public Uri? QueueEndpoint { get; set; }

    public Uri? TableEndpoint { get; set; }

    /// <summary>
    /// Holds the dead letters, transcripts and the agent workspace; grain state goes to <see cref="GrainStateContainerName"/> next to it, so
    /// two deployments sharing an account keep apart by choosing different names.
    /// </summary>
    [Required]
    [RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,56}$", ErrorMessage = "MyBot:Storage:Azure:ContainerName must be 3-57 lowercase letters, digits and single hyphens (it names blob containers).")]
    public string ContainerName { get; set; } = "mybot";

    /// <summary>How often an idle queue is asked for messages: the latency floor of an inbound message, and most of an idle silo's storage bill.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "MyBot:Storage:Azure:QueuePollInterval must be 100 ms to 1 minute.")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public string GrainStateContainerName => ContainerName + "-state";

    public bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesConnectionString)
        {
            yield break;
        }

        var missing = new[] { (nameof(BlobEndpoint), BlobEndpoint), (nameof(QueueEndpoint), QueueEndpoint), (nameof(TableEndpoint), TableEndpoint) }
            .Where(e => e.Item2 is null)
            .Select(e => e.Item1)
            .ToList();
        if (missing.Count > 0)
        {
            yield return new ValidationResult(
                $"Azure storage needs {SectionName}:ConnectionString, or {SectionName}:BlobEndpoint, QueueEndpoint and TableEndpoint with a managed identity; missing: {string.Join(", ", missing.Select(m => $"{SectionName}:{m}"))}.",
                missing);
        }

        foreach (var (name, endpoint) in new[] { (nameof(BlobEndpoint), BlobEndpoint), (nameof(QueueEndpoint), QueueEndpoint), (nameof(TableEndpoint), TableEndpoint) })
        {
            if (endpoint is { IsAbsoluteUri: false } || endpoint is { Scheme: not ("https" or "http") })
            {
                yield return new ValidationResult($"{SectionName}:{name} must be an absolute http(s) URI, not '{endpoint}'.", [name]);
            }
        }
    }
}
