namespace MyBot.Channels.Discord.Gateway;

/// <summary>What a gateway close code means for the next connection.</summary>
internal static class GatewayCloseCodes
{
    public const int AuthenticationFailed = 4004;
    public const int InvalidSequence = 4007;
    public const int SessionTimedOut = 4009;
    public const int InvalidShard = 4010;
    public const int ShardingRequired = 4011;
    public const int InvalidApiVersion = 4012;
    public const int InvalidIntents = 4013;
    public const int DisallowedIntents = 4014;

    /// <summary>The code we close with to keep the session resumable (1000 and 1001 would end it).</summary>
    public const int ClientReconnect = 4000;

    /// <summary>The reason a close code must not be retried, or null when reconnecting can help.</summary>
    public static string? FatalReason(int code) => code switch
    {
        AuthenticationFailed => $"Discord rejected the bot token (gateway close 4004). Set a valid bot token in {DiscordOptions.BotTokenKey}.",
        InvalidShard => "Discord closed the gateway with 4010 (invalid shard); this bot connects unsharded.",
        ShardingRequired => "Discord closed the gateway with 4011 (sharding required): the bot is in too many guilds for one unsharded connection.",
        InvalidApiVersion => $"Discord closed the gateway with 4012 (invalid API version); check {DiscordOptions.SectionName}:ApiBaseUrl.",
        InvalidIntents => "Discord closed the gateway with 4013 (invalid intents).",
        DisallowedIntents =>
            "Discord closed the gateway with 4014 (disallowed intents): enable the Message Content intent for this bot in the Discord developer portal (Bot → Privileged Gateway Intents).",
        _ => null,
    };

    /// <summary>Codes after which the session cannot be resumed, only identified afresh.</summary>
    public static bool EndsSession(int code) => code is InvalidSequence or SessionTimedOut;
}
