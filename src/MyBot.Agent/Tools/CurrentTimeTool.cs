using System.Globalization;
using Microsoft.Extensions.AI;

namespace MyBot.Agent.Tools;

/// <summary><c>current_time</c>: the date and time now, in the user's time zone when it is known.</summary>
public sealed class CurrentTimeTool : IAgentTool
{
    public const string Name = "current_time";

    private readonly TimeProvider _timeProvider;

    public CurrentTimeTool(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        Function = AIFunctionFactory.Create(
            (AIFunctionArguments arguments) => Now(ToolContext.From(arguments)),
            Name,
            "Returns the current date and time, in the user's time zone when it is known, else UTC.");
    }

    public AIFunction Function { get; }

    private string Now(ToolContext context)
    {
        var utc = _timeProvider.GetUtcNow();
        var zone = TimeZoneInfo.Utc;
        if (context.TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found))
        {
            zone = found;
        }

        var local = TimeZoneInfo.ConvertTime(utc, zone);
        return $"{local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)} ({local.DayOfWeek}, time zone {zone.Id})";
    }
}
