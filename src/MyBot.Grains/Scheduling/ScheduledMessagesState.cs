namespace MyBot.Agent.Scheduling;

public sealed class ScheduledMessagesState
{
    public List<ScheduledMessage> Pending { get; set; } = [];

    public int NextId { get; set; } = 1;
}
