namespace MyBot.Channels.Access;

/// <summary>Who may talk to the agent through a chat channel.</summary>
public enum AccessPolicy
{
    /// <summary>Unknown users get a one-time code; the owner approves it (<c>mybot pairing approve &lt;code&gt;</c>).</summary>
    Pairing,

    /// <summary>Only the users listed in the channel's <c>AllowedUsers</c>.</summary>
    Allowlist,

    /// <summary>Anyone: spends the owner's money on strangers, so only on purpose.</summary>
    Open,
}
