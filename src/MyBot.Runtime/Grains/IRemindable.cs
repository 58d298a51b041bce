namespace MyBot.Runtime;

/// <summary>A grain that registers durable reminders implements this to be woken by them.</summary>
public interface IRemindable
{
    Task ReceiveReminder(string reminderName, DateTimeOffset dueAt);
}
