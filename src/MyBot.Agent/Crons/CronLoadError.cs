namespace MyBot.Agent.Crons;

/// <summary>A job folder whose <c>CRON.md</c> could not be loaded, kept so <c>/crons</c>, the admin API and the log can show it.</summary>
public sealed record CronLoadError(string JobName, string Path, int Line, string Message);
