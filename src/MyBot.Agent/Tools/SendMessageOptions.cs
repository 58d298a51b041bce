using System.ComponentModel.DataAnnotations;

namespace MyBot.Agent.Tools;

/// <summary>Bound from <c>MyBot:SendMessage</c>: where <c>send_message</c> may write besides the configured identities.</summary>
public sealed class SendMessageOptions
{
    public const string SectionName = "MyBot:SendMessage";

    /// <summary>Event sources (<c>platform:user[:chat]</c>) an agent may message on its own initiative, such as a family group.</summary>
    public List<string> AllowedTargets { get; set; } = [];

    /// <summary>Messages one turn may send; a model looping on the tool stops here.</summary>
    [Range(1, 100)]
    public int MaxPerTurn { get; set; } = 5;
}
