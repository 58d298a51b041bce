namespace MyBot.Channels.Access;

/// <summary>Whether a message may reach the agent, and if not, what the channel answers the user directly.</summary>
public sealed record AccessDecision(AccessOutcome Outcome, PairingRequest? Pairing = null)
{
    public static AccessDecision Allowed { get; } = new(AccessOutcome.Allowed);

    public static AccessDecision Denied { get; } = new(AccessOutcome.Denied);

    public bool IsAllowed => Outcome == AccessOutcome.Allowed;

    /// <summary>The plain text the channel sends back instead of publishing the message; null when allowed.</summary>
    public string? Reply => Outcome switch
    {
        AccessOutcome.PairingRequired =>
            $"I don't know you yet. Your pairing code is {Pairing!.Code}. Ask my owner to approve it with: mybot pairing approve {Pairing.Code} (it expires {Pairing.ExpiresAt:yyyy-MM-dd HH:mm} UTC).",
        AccessOutcome.Denied => "Sorry, I only talk to people my owner has allowed.",
        _ => null,
    };
}
