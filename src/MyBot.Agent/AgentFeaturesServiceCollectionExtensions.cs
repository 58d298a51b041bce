using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Commands;
using MyBot.Agent.Conversation;
using MyBot.Agent.Crons;
using MyBot.Agent.History;
using MyBot.Agent.Identity;
using MyBot.Agent.Skills;
using MyBot.Agent.Subagents;
using MyBot.Agent.Tools;
using MyBot.Agent.Tools.Web;
using MyBot.Agent.Usage;
using MyBot.Agent.Workspace;

namespace MyBot.Agent;

public static class AgentFeaturesServiceCollectionExtensions
{
    /// <summary>
    /// Agents and skills from the workspace, subagents, bindings, commands, tools and the tool loop, history, usage and
    /// budgets. The host registers the <see cref="ITranscriptStore"/>, which lives with its storage.
    /// </summary>
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
        services.AddCronJobs();
        services.AddIdentities(configuration);
        return services;
    }

    /// <summary>The workspace's <c>crons/&lt;name&gt;/CRON.md</c> and <c>/crons</c>; the grains that run them come with <c>AddMyBotGrains</c>.</summary>
    public static IServiceCollection AddCronJobs(this IServiceCollection services)
    {
        services.TryAddSingleton<CronCatalog>();
        services.TryAddSingleton<ICronCatalog>(sp => sp.GetRequiredService<CronCatalog>());
        services.AddChatCommand<CronsCommand>();
        return services;
    }

    /// <summary><c>MyBot:Identities</c> and <c>MyBot:Identity</c>: one person across platforms, and <c>send_message</c>, which writes to them.</summary>
    public static IServiceCollection AddIdentities(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdentityOptions>().Bind(configuration.GetSection(IdentityOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IdentityOptions>, IdentityOptionsValidator>();
        services.AddOptions<SendMessageOptions>().Bind(configuration.GetSection(SendMessageOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IdentityDirectory>();
        services.AddAgentTool<SendMessageTool>();
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
