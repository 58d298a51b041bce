namespace MyBot.Grains;

/// <summary>Facts about a user, keyed by <c>platform:user</c>: shared by all their chats and sessions on that platform.</summary>
public interface IUserMemoryGrain : IGrainWithStringKey
{
    /// <summary>Returns the stored fact, or an existing one with the same text.</summary>
    Task<MemoryFact> RememberAsync(string text);

    Task<IReadOnlyList<MemoryFact>> ListAsync();

    /// <summary>Forgets the fact with this id, or the facts containing this text; returns what was forgotten.</summary>
    Task<IReadOnlyList<MemoryFact>> ForgetAsync(string idOrText);
}
