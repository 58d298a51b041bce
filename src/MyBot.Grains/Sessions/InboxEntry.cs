namespace MyBot.Grains.Sessions;

[GenerateSerializer]
[Alias("mybot.inbox-entry")]
public sealed class InboxEntry
{
    [Id(0)]
    public required InboundEvent Event { get; init; }

    /// <summary>Attempts started, written before each one: a turn cut by a crash counts too, so a message that kills the silo ends in the dead letters.</summary>
    [Id(1)]
    public int Attempts { get; set; }

    /// <summary>Set after a failed attempt: the next one waits until then.</summary>
    [Id(2)]
    public DateTimeOffset? NotBefore { get; set; }

    [Id(3)]
    public string? LastError { get; set; }

    /// <summary>Set on an event taken back from the dead letters: its reply and a new dead letter get ids of their own.</summary>
    [Id(4)]
    public string? RetryId { get; set; }
}
