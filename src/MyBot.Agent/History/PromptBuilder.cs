using System.Text;
using Microsoft.Extensions.AI;
using MyBot.Agent.Agents;
using MyBot.Agent.Tools;

namespace MyBot.Agent.History;

/// <summary>Builds the request: the agent's prompt with what the bot knows about the user and the summary, then the recent messages.</summary>
public static class PromptBuilder
{
    public static string SystemPrompt(AgentDefinition agent, bool hasTools, IReadOnlyList<string> facts, string? summary)
    {
        var text = new StringBuilder(agent.Prompt);
        if (hasTools)
        {
            text.Append("\n\n").Append(UntrustedContent.SystemNote);
        }

        if (facts.Count > 0)
        {
            text.Append("\n\nFacts the user asked you to remember (from earlier conversations):");
            foreach (var fact in facts)
            {
                text.Append("\n- ").Append(fact);
            }
        }

        if (!string.IsNullOrWhiteSpace(summary))
        {
            text.Append("\n\nSummary of the earlier part of this conversation:\n").Append(summary);
        }

        return text.ToString();
    }

    public static List<ChatMessage> Messages(string systemPrompt, IEnumerable<HistoryMessage> recent, string userText)
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, systemPrompt) };
        messages.AddRange(recent.Select(m => new ChatMessage(m.Role == HistoryMessage.User ? ChatRole.User : ChatRole.Assistant, m.Text)));
        messages.Add(new ChatMessage(ChatRole.User, userText));
        return messages;
    }
}
