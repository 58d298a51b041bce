namespace MyBot.Server.Admin;

/// <summary>One line of the dead-letter list: the payload only as its size, since it holds the user's message or the bot's reply.</summary>
public sealed record DeadLetterSummary(string Id, string Origin, string Key, string Error, int Attempts, DateTimeOffset FailedAt, int PayloadLength)
{
    public static DeadLetterSummary From(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return new DeadLetterSummary(letter.Id, letter.Origin, letter.Key, letter.Error, letter.Attempts, letter.FailedAt, letter.Payload.Length);
    }
}
