namespace MyBot.Agent.Tools.Web;

/// <summary>The fetch was refused by policy (address, scheme, redirects), as opposed to failing on the network.</summary>
public sealed class WebFetchRefusedException(string message) : Exception(message);
