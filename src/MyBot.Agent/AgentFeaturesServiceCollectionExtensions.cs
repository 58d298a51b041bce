using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Commands;
using MyBot.Agent.Conversation;
using MyBot.Agent.History;
using MyBot.Agent.Skills;
using MyBot.Agent.Subagents;
using MyBot.Agent.Tools;
using MyBot.Agent.Tools.Web;
using MyBot.Agent.Usage;
using MyBot.Agent.Workspace;

namespace MyBot.Agent;

public static class AgentFeaturesServiceCollectionExtensions
{
    /// <summary>Agents and skills from the workspace, subagents, bindings, commands, tools and the tool loop, history, transcripts, usage and budgets.</summary>
    public static IServiceCollection AddAgentFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AgentOptions>().Bind(configuration.GetSection(AgentOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
        services.AddOptions<ToolOptions>().Bind(configuration.GetSection(ToolOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HistoryOptions>().Bind(configuration.GetSection(HistoryOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<UsageOptions>().Bind(configuration.GetSection(UsageOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BudgetOptions>().Bind(configuration.GetSection(BudgetOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SkillOptions>().Bind(configuration.GetSection(SkillOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SubagentOptions>().Bind(configuration.GetSection(SubagentOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebFetchOptions>().Bind(configuration.GetSection(WebFetchOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton<IAgentWorkspace, FolderWorkspace>();
        services.TryAddSingleton<AgentCatalog>();
        services.TryAddSingleton<IAgentCatalog>(sp => sp.GetRequiredService<AgentCatalog>());
        services.TryAddSingleton<IToolRegistry, ToolRegistry>();
        services.TryAddSingleton<SkillCatalog>();
        services.TryAddSingleton<UseSkillTool>();
        services.TryAddSingleton<DispatchAgentTool>();
        services.TryAddSingleton<AgentToolset>();
        services.TryAddSingleton<SubagentRunner>();
        services.TryAddSingleton<ToolLoop>();
        services.TryAddSingleton<WebFetcher>();
        services.TryAddSingleton<HistoryCompactor>();
        services.TryAddSingleton<ITranscriptStore, FileTranscriptStore>();
        services.TryAddSingleton<CommandDispatcher>();
        services.AddChatCommand<NewSessionCommand>();
        services.AddChatCommand<StatusCommand>();
        services.AddChatCommand<CompactCommand>();
        services.AddChatCommand<UsageCommand>();
        services.AddChatCommand<AgentCommand>();
        services.AddChatCommand<AgentsCommand>();
        services.AddChatCommand<SkillsCommand>();
        services.AddChatCommand<RemindersCommand>();
        services.TryAddSingleton<BudgetGate>();
        services.TryAddSingleton<AgentTurnRunner>();
        services.AddAgentTool<CurrentTimeTool>();
        services.AddAgentTool<RememberTool>();
        services.AddAgentTool<RecallTool>();
        services.AddAgentTool<ForgetTool>();
        services.AddAgentTool<ScheduleMessageTool>();
        services.AddAgentTool<WebFetchTool>();
        return services;
    }

    public static IServiceCollection AddChatCommand<TCommand>(this IServiceCollection services) where TCommand : class, IChatCommand
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatCommand, TCommand>());
        return services;
    }

    public static IServiceCollection AddAgentTool<TTool>(this IServiceCollection services) where TTool : class, IAgentTool
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentTool, TTool>());
        return services;
    }
}
