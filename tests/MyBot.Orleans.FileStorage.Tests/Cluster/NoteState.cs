namespace MyBot.Orleans.FileStorage.Tests.Cluster;

/// <summary>Shaped like the app's grain states: a plain class with public properties.</summary>
public sealed class NoteState
{
    public string Text { get; set; } = string.Empty;
}
