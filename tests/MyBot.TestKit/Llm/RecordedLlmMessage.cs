namespace MyBot.TestKit.Llm;

/// <param name="ToolCallId">Set on <c>tool</c> messages: the call they answer.</param>
/// <param name="ToolCallNames">Set on assistant messages that called tools.</param>
public sealed record RecordedLlmMessage(string Role, string Content, string? ToolCallId, IReadOnlyList<string> ToolCallNames);
