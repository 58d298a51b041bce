namespace MyBot.Api.Contracts.Messages;

/// <summary>The body of <c>POST /api/messages</c>.</summary>
/// <param name="User">The sender; the conversation is <c>http:&lt;user&gt;:&lt;chat&gt;</c>.</param>
/// <param name="Chat">The conversation of the user; the user's own when absent.</param>
/// <param name="Id">The client's message id: a message sent again with the same id is handled once.</param>
public sealed record SendMessageRequest(string User, string Text, string? Chat = null, string? Id = null);
