using Microsoft.Extensions.AI;

namespace MyBot.Agent.Tools;

/// <summary>Watches each LLM call of a turn: may stop the turn before a call (the budget), and counts each call's usage right after it.</summary>
public interface ILlmCallMeter
{
    /// <summary>Returns the reply that ends the turn instead of the call, or null to go on.</summary>
    Task<string?> BeforeCallAsync(CancellationToken cancellationToken);

    Task AfterCallAsync(string model, UsageDetails usage, CancellationToken cancellationToken);
}
