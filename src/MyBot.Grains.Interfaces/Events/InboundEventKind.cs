namespace MyBot.Grains;

[GenerateSerializer]
public enum InboundEventKind
{
    Message,

    /// <summary>A photo, voice note, sticker or file; <see cref="InboundEvent.Text"/> names what it was.</summary>
    Unsupported,

    /// <summary>A cron job's run: its answer is the agent's own message, and <see cref="CronRuns.NoReply"/> sends nothing.</summary>
    Scheduled,
}
