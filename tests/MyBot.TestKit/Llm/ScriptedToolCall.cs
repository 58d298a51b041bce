namespace MyBot.TestKit.Llm;

/// <param name="ArgumentsJson">The JSON object of arguments, as the model would send it.</param>
public sealed record ScriptedToolCall(string Id, string Name, string ArgumentsJson);
