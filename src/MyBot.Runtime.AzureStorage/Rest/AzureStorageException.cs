using System.Net;

namespace MyBot.Runtime.AzureStorage.Rest;

/// <summary>A storage call that failed for good: the status, the service's error code, and a message that says what to fix.</summary>
public sealed class AzureStorageException(string message, HttpStatusCode? status, string? errorCode, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>Null when no response arrived (timeouts, connection failures).</summary>
    public HttpStatusCode? Status { get; } = status;

    /// <summary>The <c>x-ms-error-code</c>, e.g. <c>ConditionNotMet</c>, <c>LeaseAlreadyPresent</c>, <c>PopReceiptMismatch</c>.</summary>
    public string? ErrorCode { get; } = errorCode;
}
