namespace MyBot.Grains;

[GenerateSerializer]
public enum InboundEventKind
{
    Message,

    /// <summary>A photo, voice note, sticker or file; <see cref="InboundEvent.Text"/> names what it was.</summary>
    Unsupported,
}
