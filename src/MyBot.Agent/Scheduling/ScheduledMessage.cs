namespace MyBot.Agent.Scheduling;

/// <param name="Id">Short (<c>r1</c>, <c>r2</c>…) so the user can cancel with <c>/reminders cancel r2</c>.</param>
public sealed record ScheduledMessage(string Id, string Text, DateTimeOffset DueAt, DateTimeOffset CreatedAt);
