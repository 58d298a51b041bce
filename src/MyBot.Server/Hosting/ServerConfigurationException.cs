namespace MyBot.Server.Hosting;

/// <summary>The server cannot start with its configuration; the message names the setting to change.</summary>
public sealed class ServerConfigurationException(string message) : Exception(message);
