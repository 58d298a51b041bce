using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.AI;
using Orleans;

namespace MyBot.Agent.Tools;

/// <summary><c>schedule_message</c>: sends the user a message later (a reminder), durable across restarts.</summary>
public sealed class ScheduleMessageTool : IAgentTool
{
    public const string Name = "schedule_message";

    private readonly IGrainFactory _grains;
    private readonly TimeProvider _timeProvider;

    public ScheduleMessageTool(IGrainFactory grains, TimeProvider timeProvider)
    {
        _grains = grains;
        _timeProvider = timeProvider;
        Function = AIFunctionFactory.Create(
            (AIFunctionArguments arguments,
             [Description("The message to send, written to the user, e.g. 'Time to call Anna.'")] string text,
             [Description("Seconds from now; use this or 'at'.")] int? delay_seconds = null,
             [Description("When to send, ISO 8601, e.g. 2026-05-01T09:00:00; without an offset it is the user's local time.")] string? at = null) => ScheduleAsync(ToolContext.From(arguments), text, delay_seconds, at),
            Name,
            "Schedules a message (e.g. a reminder) to be sent to the user in this chat later, after a delay or at a time. The user can list and cancel them with /reminders.");
    }

    public AIFunction Function { get; }

    public bool ReachesUser => true;

    private async Task<string> ScheduleAsync(ToolContext context, string text, int? delaySeconds, string? at)
    {
        var now = _timeProvider.GetUtcNow();
        var zone = context.TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : TimeZoneInfo.Utc;
        DateTimeOffset dueAt;
        if (delaySeconds is { } delay)
        {
            dueAt = now.AddSeconds(Math.Max(0, delay));
        }
        else if (!string.IsNullOrWhiteSpace(at) && DateTime.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            // Without an offset the model means the user's wall clock.
            dueAt = parsed.Kind == DateTimeKind.Unspecified
                ? new DateTimeOffset(parsed, zone.GetUtcOffset(parsed))
                : new DateTimeOffset(parsed.ToUniversalTime(), TimeSpan.Zero);
        }
        else
        {
            return "Error: give either delay_seconds or at (an ISO 8601 date and time).";
        }

        var message = await _grains.GetGrain<IScheduledMessagesGrain>(context.Source.ToString()).ScheduleAsync(text, dueAt);
        var local = TimeZoneInfo.ConvertTime(message.DueAt, zone);
        return string.Create(CultureInfo.InvariantCulture, $"Scheduled {message.Id} for {local:yyyy-MM-dd HH:mm:ss zzz} ({zone.Id}). The user can cancel it with /reminders cancel {message.Id}.");
    }
}
