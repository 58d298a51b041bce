using System.Diagnostics.Metrics;

namespace MyBot.Telemetry;

/// <summary>
/// The product's instruments, on one <see cref="Meter"/> named <see cref="MyBotTelemetry.Name"/>. Static like the
/// activity source: grains and channels record without a service to inject, and a listener that is not there costs nothing.
/// </summary>
public static class MyBotMetrics
{
    private static readonly Meter Meter = new(MyBotTelemetry.Name);

    private static readonly Counter<long> MessagesIn = Meter.CreateCounter<long>(
        "mybot.messages.in", "{message}", "Messages a channel handed to the inbound stream.");

    private static readonly Counter<long> Turns = Meter.CreateCounter<long>(
        "mybot.turns", "{turn}", "Agent turns run, by outcome (answered, retry, failed).");

    private static readonly Histogram<double> TurnDuration = Meter.CreateHistogram<double>(
        "mybot.turn.duration", "s", "How long an agent turn took, LLM calls and tools included.");

    private static readonly Counter<long> DeliveryAttempts = Meter.CreateCounter<long>(
        "mybot.delivery.attempts", "{attempt}", "Platform sends of a reply chunk, by channel and outcome (sent, throttled, transient, permanent).");

    private static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>(
        "mybot.dead_letters", "{letter}", "Events moved to the dead letters, by origin.");

    /// <summary>Events in this silo's session inboxes, not yet answered.</summary>
    public static readonly BacklogGauge InboxDepth = new();

    /// <summary>Replies in this silo's delivery grains, not yet accepted by their platform.</summary>
    public static readonly BacklogGauge PendingDeliveries = new();

    private static readonly ObservableGauge<long> InboxDepthGauge = Meter.CreateObservableGauge(
        "mybot.inbox.depth", InboxDepth.Total, "{event}", "Inbound events waiting in the session inboxes of this silo's activations.");

    private static readonly ObservableGauge<long> PendingDeliveriesGauge = Meter.CreateObservableGauge(
        "mybot.deliveries.pending", PendingDeliveries.Total, "{reply}", "Replies waiting in this silo's delivery grains for their platform to accept them.");

    public static void MessageIn(string channel) => MessagesIn.Add(1, new KeyValuePair<string, object?>("mybot.channel", channel));

    public static void TurnEnded(string outcome, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("mybot.turn.outcome", outcome);
        Turns.Add(1, tag);
        TurnDuration.Record(duration.TotalSeconds, tag);
    }

    public static void DeliveryAttempt(string channel, string outcome) => DeliveryAttempts.Add(
        1,
        new KeyValuePair<string, object?>("mybot.channel", channel),
        new KeyValuePair<string, object?>("mybot.delivery.outcome", outcome));

    public static void DeadLettered(string origin) => DeadLetters.Add(1, new KeyValuePair<string, object?>("mybot.dead_letter.origin", origin));
}
