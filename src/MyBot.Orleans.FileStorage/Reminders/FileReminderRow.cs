namespace MyBot.Orleans.FileStorage.Reminders;

/// <summary>One reminder as stored in its JSON file.</summary>
internal sealed record FileReminderRow(string GrainId, string ReminderName, DateTime StartAt, TimeSpan Period, string ETag);
