namespace MyBot.Runtime.Storage;

/// <summary>A stored record exists but cannot be read back; the grain moves it aside and starts afresh.</summary>
public sealed class CorruptStateException(string message, Exception? innerException = null) : Exception(message, innerException);
