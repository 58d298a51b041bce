using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyBot.Agent.Llm;

namespace MyBot.Agent;

public static class AgentServiceCollectionExtensions
{
    /// <summary>
    /// The agent without its grains: agents, commands, tools, history, usage and budgets. The grains that run it
    /// (<c>AddMyBotGrains</c> in MyBot.Grains), an LLM (<c>AddLlm</c>) and a silo are added by the host.
    /// </summary>
    public static IServiceCollection AddMyBotAgent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LlmOptions>();
        services.AddAgentFeatures(configuration);
        return services;
    }
}
