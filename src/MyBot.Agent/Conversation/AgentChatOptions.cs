using Microsoft.Extensions.AI;
using MyBot.Agent.Agents;

namespace MyBot.Agent.Conversation;

public static class AgentChatOptions
{
    /// <param name="defaultModel">The configured model, for an agent that names none.</param>
    public static ChatOptions For(AgentDefinition agent, string defaultModel) => new()
    {
        ModelId = agent.Model ?? defaultModel,
        Temperature = agent.Temperature,
        MaxOutputTokens = agent.MaxTokens,
    };
}
