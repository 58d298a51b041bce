namespace MyBot.Channels.Access;

public enum AccessOutcome
{
    Allowed,

    /// <summary>Under pairing: the user got a code and nothing reaches the agent until the owner approves it.</summary>
    PairingRequired,

    /// <summary>Under an allowlist: the user is told no, and nothing reaches the agent.</summary>
    Denied,
}
