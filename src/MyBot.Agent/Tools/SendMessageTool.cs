using System.ComponentModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using MyBot.Agent.Identity;
using MyBot.Telemetry;
using Orleans;

namespace MyBot.Agent.Tools;

/// <summary>
/// <c>send_message</c>: the agent writes to the owner (or another identity, or an allowed chat) on its own initiative,
/// in a cron job's run or any turn. The message goes through the target's delivery grain like a reply; its id is the
/// turn's id and the call's index, so a turn run again after a crash does not send it twice.
/// </summary>
public sealed class SendMessageTool : IAgentTool
{
    public const string Name = "send_message";

    private readonly IGrainFactory _grains;
    private readonly IdentityDirectory _identities;
    private readonly IOptions<SendMessageOptions> _options;
    private readonly TimeProvider _timeProvider;

    public SendMessageTool(IGrainFactory grains, IdentityDirectory identities, IOptions<SendMessageOptions> options, TimeProvider timeProvider)
    {
        _grains = grains;
        _identities = identities;
        _options = options;
        _timeProvider = timeProvider;
        Function = AIFunctionFactory.Create(
            (AIFunctionArguments arguments,
             [Description("The message, written to the recipient.")] string text,
             [Description("Who gets it: 'owner' (the default), another identity's name, or an allowed chat such as 'telegram:42:42'.")] string to = IdentityOptions.Owner) => SendAsync(ToolContext.From(arguments), text, to),
            Name,
            "Sends a message to the owner (or another allowed recipient) now, apart from your answer. Use it to tell someone something they did not ask for in this chat.");
    }

    public AIFunction Function { get; }

    /// <summary>It writes to a person: a subagent (which answers only its caller) must not get it.</summary>
    public bool ReachesUser => true;

    private async Task<string> SendAsync(ToolContext context, string text, string to)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "Error: the message is empty.";
        }

        if (context.TurnId.Length == 0)
        {
            return "Error: messages can only be sent from a conversation's turn.";
        }

        var target = await ResolveAsync(to.Trim());
        if (target is null)
        {
            return $"Error: '{to}' is not a recipient you may write to; use 'owner'{Others()}.";
        }

        var index = context.NextMessageIndex();
        if (index >= _options.Value.MaxPerTurn)
        {
            return $"Error: at most {_options.Value.MaxPerTurn} messages can be sent in one turn.";
        }

        var outbound = new OutboundEvent(
            OutboundEvent.CreateId($"{context.TurnId}/send", index),
            target,
            text.Trim(),
            _timeProvider.GetUtcNow(),
            TraceParent: MyBotTelemetry.CurrentTraceParent());
        await _grains.GetGrain<IDeliveryGrain>(target.ToString()).EnqueueAsync([outbound]);
        return $"Sent to {to}.";
    }

    private async Task<EventSource?> ResolveAsync(string to)
    {
        if (_identities.IsKnown(to))
        {
            return await _identities.ReachAsync(to);
        }

        return _options.Value.AllowedTargets.Contains(to, StringComparer.Ordinal) && EventSource.TryParse(to, out var source) ? source : null;
    }

    private string Others() =>
        _options.Value.AllowedTargets.Count == 0 ? string.Empty : $" or one of {string.Join(", ", _options.Value.AllowedTargets)}";
}
