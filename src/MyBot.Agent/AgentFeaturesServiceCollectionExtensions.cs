using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Tools;
using MyBot.Agent.Tools.Web;

namespace MyBot.Agent;

public static class AgentFeaturesServiceCollectionExtensions
{
    /// <summary>Agents from the workspace, bindings, the tool registry with the built-in tools, and the tool loop.</summary>
    public static IServiceCollection AddAgentFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AgentOptions>().Bind(configuration.GetSection(AgentOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
        services.AddOptions<ToolOptions>().Bind(configuration.GetSection(ToolOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebFetchOptions>().Bind(configuration.GetSection(WebFetchOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton<AgentCatalog>();
        services.TryAddSingleton<IAgentCatalog>(sp => sp.GetRequiredService<AgentCatalog>());
        services.TryAddSingleton<IToolRegistry, ToolRegistry>();
        services.TryAddSingleton<ToolLoop>();
        services.TryAddSingleton<WebFetcher>();
        services.AddAgentTool<CurrentTimeTool>();
        services.AddAgentTool<WebFetchTool>();
        return services;
    }

    public static IServiceCollection AddAgentTool<TTool>(this IServiceCollection services) where TTool : class, IAgentTool
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentTool, TTool>());
        return services;
    }
}
