using System.ComponentModel.DataAnnotations;

namespace MyBot.Agent.Agents;

/// <summary>One entry of <c>MyBot:Bindings</c>: conversations matching <see cref="Match"/> talk to <see cref="Agent"/>.</summary>
public sealed class AgentBindingOptions
{
    /// <summary><c>platform[:user[:chat]]</c>, each part a literal or <c>*</c>; missing parts match anything.</summary>
    [Required]
    public string Match { get; set; } = string.Empty;

    [Required]
    public string Agent { get; set; } = string.Empty;
}
