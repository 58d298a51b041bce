namespace MyBot.Channels.Telegram.Api;

/// <summary>
/// This one update cannot be read or turned into an event, and never will be: it belongs in the dead letters, not in a
/// retry. Failures to publish or to store are other exceptions, and those are retried.
/// </summary>
public sealed class UnreadableTelegramUpdateException(string reason, Exception? innerException = null) : Exception(reason, innerException);
