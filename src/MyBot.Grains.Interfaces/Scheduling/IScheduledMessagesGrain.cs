namespace MyBot.Grains;

/// <summary>Messages to send a conversation later, keyed like the session (the EventSource string); each has a durable reminder.</summary>
public interface IScheduledMessagesGrain : IGrainWithStringKey
{
    Task<ScheduledMessage> ScheduleAsync(string text, DateTimeOffset dueAt);

    Task<IReadOnlyList<ScheduledMessage>> ListAsync();

    /// <summary>Returns the cancelled message, or null when there is none with that id.</summary>
    Task<ScheduledMessage?> CancelAsync(string id);
}
