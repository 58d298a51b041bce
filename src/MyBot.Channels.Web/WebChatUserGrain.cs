using MyBot.Channels.Hosting;

namespace MyBot.Channels.Web;

/// <summary>The list of one web user's conversations, so every browser of the owner shows the same list.</summary>
internal sealed class WebChatUserGrain(
    [PersistentState("web-chat-user")] IPersistentState<WebChatUserState> state,
    TimeProvider timeProvider) : Grain, IWebChatUserGrain
{
    /// <summary>Conversations listed; the least recently used beyond it drop off the list (their logs stay).</summary>
    internal const int MaxConversations = 200;

    internal const int MaxTitleLength = 60;

    public Task<IReadOnlyList<WebConversationSummary>> ListAsync() =>
        Task.FromResult<IReadOnlyList<WebConversationSummary>>(state.State.Conversations.OrderByDescending(c => c.LastActiveAt).ToList());

    public async Task TouchAsync(string conversation, string firstMessage)
    {
        var list = state.State.Conversations;
        var index = list.FindIndex(c => c.Id == conversation);
        var now = timeProvider.GetUtcNow();
        if (index >= 0)
        {
            list[index] = list[index] with { LastActiveAt = now };
        }
        else
        {
            list.Add(new WebConversationSummary(conversation, Title(firstMessage), now));
            if (list.Count > MaxConversations)
            {
                list.Remove(list.MinBy(c => c.LastActiveAt)!);
            }
        }

        await state.WriteOrDeactivateAsync(this);
    }

    private static string Title(string text)
    {
        var line = text.Trim().Split('\n', 2)[0].Trim();
        return line.Length <= MaxTitleLength ? line : string.Concat(line.AsSpan(0, MaxTitleLength - 1), "…");
    }
}
