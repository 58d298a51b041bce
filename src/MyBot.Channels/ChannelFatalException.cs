namespace MyBot.Channels;

/// <summary>A channel cannot run with its configuration (rejected token, disallowed intents): stopped, not restarted.</summary>
/// <param name="message">Names the setting to fix, never its value.</param>
public sealed class ChannelFatalException(string message, Exception? innerException = null) : Exception(message, innerException);
