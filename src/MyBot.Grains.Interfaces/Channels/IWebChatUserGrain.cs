namespace MyBot.Grains;

/// <summary>The browser conversations of one web user (key: the user id), newest activity first.</summary>
public interface IWebChatUserGrain : IGrainWithStringKey
{
    Task<IReadOnlyList<WebConversationSummary>> ListAsync();

    /// <summary>Records activity in <paramref name="conversation"/>; its first message's start becomes its title.</summary>
    Task TouchAsync(string conversation, string firstMessage);
}
