namespace MyBot.Orleans.FileStorage.Data;

/// <summary>The data directory cannot be used: it cannot be created or written, or another silo holds it. The message says which and what to change.</summary>
public sealed class DataDirectoryUnavailableException(string message, Exception innerException) : Exception(message, innerException);
