using System.Diagnostics;

namespace MyBot.Telemetry;

/// <summary>The product's activity source: one trace per inbound message, from the channel to the platform send.</summary>
public static class MyBotTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/> and of the <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string Name = "MyBot";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>The W3C <c>traceparent</c> of the current activity, to carry in an event across a durable hop; null when nothing is traced.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The trace id (32 hex digits) of a W3C <c>traceparent</c>, or null when it is missing or malformed.</summary>
    public static string? TraceIdOf(string? traceParent) =>
        ActivityContext.TryParse(traceParent, traceState: null, out var context) ? context.TraceId.ToHexString() : null;

    /// <summary>
    /// Starts an activity whose parent is the <c>traceparent</c> an event carried across a durable hop (a stream, a grain
    /// state), so the work done later, on a timer or after a restart, joins the trace of the message that caused it.
    /// </summary>
    public static Activity? StartFromTraceParent(string name, ActivityKind kind, string? traceParent)
    {
        if (ActivityContext.TryParse(traceParent, traceState: null, isRemote: true, out var parent))
        {
            return Source.StartActivity(name, kind, parent);
        }

        return Source.StartActivity(name, kind);
    }

    /// <summary>Marks the activity as failed with the error's type, as the OpenTelemetry conventions ask.</summary>
    public static void Fail(Activity? activity, string errorType, string? description = null)
    {
        activity?.SetStatus(ActivityStatusCode.Error, description);
        activity?.SetTag("error.type", errorType);
    }
}
