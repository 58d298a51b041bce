namespace MyBot.Cli;

/// <summary>A failure the CLI reports as one line of advice (no stack trace) and exit code 1.</summary>
public sealed class CliException(string message, Exception? innerException = null) : Exception(message, innerException);
