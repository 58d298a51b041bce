namespace MyBot.Orleans.FileStorage.Tests.Cluster;

public sealed class NoteGrain([PersistentState("note")] IPersistentState<NoteState> note) : Grain, INoteGrain
{
    public async Task SetAsync(string text)
    {
        note.State.Text = text;
        await note.WriteStateAsync();
    }

    public Task<string> GetAsync() => Task.FromResult(note.State.Text);
}
