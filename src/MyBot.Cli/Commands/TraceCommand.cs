using System.CommandLine;
using System.Globalization;

namespace MyBot.Cli.Commands;

/// <summary><c>mybot trace &lt;event id&gt;</c>: where one message went, from the records the server keeps, with times relative to its arrival.</summary>
public static class TraceCommand
{
    public static Command Create()
    {
        var server = new ServerOptions();
        var eventId = new Argument<string>("event-id") { Description = "The message's event id, as the HTTP API answers it (eventId) or as logs and dead letters name it." };
        var command = new Command("trace", "Where one message went: accepted, each turn with its LLM calls, each reply with its send attempts.");
        server.AddTo(command);
        command.Arguments.Add(eventId);
        command.SetAction(async (parseResult, cancellationToken) => await CommandRunner.RunAsync(async () =>
        {
            using var client = server.CreateClient(parseResult);
            var report = await client.GetTraceAsync(parseResult.GetValue(eventId)!, cancellationToken);
            foreach (var line in Render(report))
            {
                Console.WriteLine(line);
            }
        }));
        return command;
    }

    /// <summary>The report as lines: absolute times once, then offsets from the message's arrival, so the waits show.</summary>
    public static IEnumerable<string> Render(MessageTraceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var session = report.Session;
        var origin = session?.ReceivedAt ?? report.Deliveries.Select(d => d.EnqueuedAt).DefaultIfEmpty().Min();
        yield return $"event      {report.EventId}";
        yield return $"source     {report.Source}";
        if (session?.TraceId is { } traceId)
        {
            yield return $"trace id   {traceId}";
        }

        yield return Line($"received   {origin:yyyy-MM-dd HH:mm:ss.fff} UTC");
        if (session is null)
        {
            yield return "(the session keeps no record of this message any more; its replies follow)";
        }
        else
        {
            yield return Line($"accepted   {At(session.AcceptedAt, origin)}  (durable in the session's inbox)");
            foreach (var turn in session.Turns)
            {
                var end = turn.EndedAt is { } ended ? At(ended, origin) : "(cut: the silo stopped or crashed)";
                yield return Line($"turn {turn.Attempt,-5} {At(turn.StartedAt, origin)} → {end}  {turn.Outcome ?? string.Empty}  on {turn.Silo}");
                foreach (var call in turn.LlmCalls)
                {
                    yield return Line($"  llm      {At(call.StartedAt, origin)}  {call.Model}  {call.Duration.TotalMilliseconds:0} ms  {call.InputTokens} in / {call.OutputTokens} out tokens");
                }

                if (turn.Error is { } error)
                {
                    yield return $"  error    {error}";
                }
            }

            if (session.AnsweredAt is { } answered)
            {
                yield return Line($"answered   {At(answered, origin)}  (the reply is durable in the delivery grain)");
            }
            else if (session.DeadLetteredAt is { } failed)
            {
                yield return Line($"dead letter {At(failed, origin)}  (the user was told; see 'mybot deadletters list')");
            }
        }

        foreach (var delivery in report.Deliveries)
        {
            yield return Line($"reply      {delivery.OutboundId}  queued {At(delivery.EnqueuedAt, origin)}, {delivery.Chunks?.ToString(CultureInfo.InvariantCulture) ?? "?"} chunk(s)");
            if (delivery.SendCount > delivery.Sends.Count)
            {
                yield return Line($"  ({delivery.SendCount - delivery.Sends.Count} earlier send attempts not kept)");
            }

            foreach (var send in delivery.Sends)
            {
                var error = send.Error is null ? string.Empty : $"  {send.Error}";
                yield return Line($"  send     {At(send.At, origin)}  chunk {send.Chunk + 1}  {send.Outcome}  {send.Duration.TotalMilliseconds:0} ms{error}");
            }

            if (delivery.DeliveredAt is { } delivered)
            {
                yield return Line($"  delivered {At(delivered, origin)}");
            }
            else if (delivery.DeadLetteredAt is { } deadLettered)
            {
                yield return Line($"  dead letter {At(deadLettered, origin)}");
            }
            else
            {
                yield return "  pending";
            }
        }

    }

    private static string At(DateTimeOffset at, DateTimeOffset origin) =>
        string.Create(CultureInfo.InvariantCulture, $"+{(at - origin).TotalSeconds:0.000} s");

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
