namespace MyBot.Runtime.AzureStorage.Rest;

/// <summary>The <c>x-ms-error-code</c> values this backend acts on.</summary>
public static class StorageErrorCodes
{
    public const string ConditionNotMet = "ConditionNotMet";
    public const string BlobAlreadyExists = "BlobAlreadyExists";
    public const string BlobNotFound = "BlobNotFound";
    public const string ContainerAlreadyExists = "ContainerAlreadyExists";
    public const string QueueAlreadyExists = "QueueAlreadyExists";
    public const string LeaseAlreadyPresent = "LeaseAlreadyPresent";
    public const string LeaseIdMismatchWithLeaseOperation = "LeaseIdMismatchWithLeaseOperation";
    public const string LeaseNotPresentWithLeaseOperation = "LeaseNotPresentWithLeaseOperation";
    public const string LeaseIsBrokenAndCannotBeRenewed = "LeaseIsBrokenAndCannotBeRenewed";
    public const string LeaseIsBreakingAndCannotBeAcquired = "LeaseIsBreakingAndCannotBeAcquired";
    public const string PopReceiptMismatch = "PopReceiptMismatch";
    public const string MessageNotFound = "MessageNotFound";
}
