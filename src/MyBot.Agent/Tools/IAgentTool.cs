using Microsoft.Extensions.AI;

namespace MyBot.Agent.Tools;

/// <summary>A tool the model can call; registered with <c>AddAgentTool&lt;T&gt;()</c> and allowed per agent by name.</summary>
public interface IAgentTool
{
    AIFunction Function { get; }

    /// <summary>The tool sends the user something (now or later): a subagent, which answers only its caller, never gets it.</summary>
    bool ReachesUser => false;
}
