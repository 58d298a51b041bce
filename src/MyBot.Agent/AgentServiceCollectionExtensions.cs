using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MyBot.Agent.DeadLetters;
using MyBot.Agent.Delivery;
using MyBot.Agent.Inbound;
using MyBot.Agent.Llm;
using MyBot.Agent.Memory;
using MyBot.Agent.Scheduling;
using MyBot.Agent.Sessions;
using MyBot.Agent.Usage;
using MyBot.Channels;
using MyBot.Runtime.Hosting;

namespace MyBot.Agent;

public static class AgentServiceCollectionExtensions
{
    /// <summary>The event flow: inbound stream → <see cref="SessionGrain"/> → <see cref="DeliveryGrain"/> → channel. Add the runtime, a store and the LLM too.</summary>
    public static IServiceCollection AddMyBotAgent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionOptions>().Bind(configuration.GetSection(SessionOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LlmOptions>();
        services.TryAddSingleton<IInboundPublisher, InboundPublisher>();
        services.AddStreamHandler<InboundStreamHandler>();
        services.AddStreamHandler<DeliveryRetryStreamHandler>();
        services.TryAddSingleton<DeadLetterRetrier>();
        services.AddGrain<ISessionGrain, SessionGrain>();
        services.AddGrain<IDeliveryGrain, DeliveryGrain>();
        services.AddGrain<IUsageGrain, UsageGrain>();
        services.AddGrain<IUserMemoryGrain, UserMemoryGrain>();
        services.AddGrain<IScheduledMessagesGrain, ScheduledMessagesGrain>();
        services.AddAgentFeatures(configuration);
        return services;
    }
}
