namespace MyBot.Runtime;

/// <summary>A conditional write found a different version in storage than this activation last saw.</summary>
/// <remarks>The runtime drops the activation that hit it, so the next call re-reads the state.</remarks>
public sealed class InconsistentStateException(string message, string? storedEtag = null, string? currentEtag = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    public string? StoredEtag { get; } = storedEtag;

    public string? CurrentEtag { get; } = currentEtag;
}
