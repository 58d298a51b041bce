namespace MyBot.Channels.Formatting;

/// <summary>An element boundary in a <see cref="MarkupDocument"/>: where it opens or closes in the visible text, and its markup.</summary>
internal sealed record MarkupTag(int Position, bool IsOpen, string OpenMarkup, string CloseMarkup);
