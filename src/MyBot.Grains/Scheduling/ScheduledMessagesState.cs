namespace MyBot.Grains.Scheduling;

[GenerateSerializer]
[Alias("mybot.scheduled-messages-state")]
public sealed class ScheduledMessagesState
{
    [Id(0)]
    public List<ScheduledMessage> Pending { get; set; } = [];

    [Id(1)]
    public int NextId { get; set; } = 1;
}
