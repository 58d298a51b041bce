namespace MyBot.Channels.Formatting;

/// <summary>How good a place is to split a message; the splitter takes the best level that fits, and the latest place of that level.</summary>
internal enum BreakLevel
{
    None = 0,
    Character = 1,
    Word = 2,
    Sentence = 3,
    Line = 4,
    Paragraph = 5,
}
