namespace MyBot.Runtime.Storage;

/// <summary>The message became visible and was received again, so this holder no longer owns it.</summary>
public sealed class PopReceiptMismatchException(string message) : Exception(message);
