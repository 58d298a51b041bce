namespace MyBot.Grains.Memory;

[GrainType("user-memory")]
public sealed class UserMemoryGrain([PersistentState("memory")] IPersistentState<UserMemoryState> state, TimeProvider timeProvider) : Grain, IUserMemoryGrain
{
    /// <summary>Facts kept at most; they all go into every system prompt, so the oldest make room.</summary>
    public const int MaxFacts = 100;

    public const int MaxFactChars = 500;

    public async Task<MemoryFact> RememberAsync(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (text.Length == 0)
        {
            throw new ArgumentException("There is nothing to remember: the fact is empty.", nameof(text));
        }

        if (text.Length > MaxFactChars)
        {
            text = text[..MaxFactChars];
        }

        var existing = state.State.Facts.Find(f => string.Equals(f.Text, text, StringComparison.OrdinalIgnoreCase));
        if (existing is not null)
        {
            return existing;
        }

        var fact = new MemoryFact($"m{state.State.NextId++}", text, timeProvider.GetUtcNow());
        state.State.Facts.Add(fact);
        if (state.State.Facts.Count > MaxFacts)
        {
            state.State.Facts.RemoveRange(0, state.State.Facts.Count - MaxFacts);
        }

        await state.WriteStateAsync();
        return fact;
    }

    public Task<IReadOnlyList<MemoryFact>> ListAsync() => Task.FromResult<IReadOnlyList<MemoryFact>>([.. state.State.Facts]);

    public async Task<IReadOnlyList<MemoryFact>> ForgetAsync(string idOrText)
    {
        ArgumentNullException.ThrowIfNull(idOrText);
        idOrText = idOrText.Trim();
        var byId = state.State.Facts.Where(f => string.Equals(f.Id, idOrText, StringComparison.OrdinalIgnoreCase)).ToList();
        var forgotten = byId.Count > 0 || idOrText.Length == 0
            ? byId
            : state.State.Facts.Where(f => f.Text.Contains(idOrText, StringComparison.OrdinalIgnoreCase)).ToList();
        if (forgotten.Count > 0)
        {
            state.State.Facts.RemoveAll(forgotten.Contains);
            await state.WriteStateAsync();
        }

        return forgotten;
    }
}
