using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MyBot.Grains.Crons;
using MyBot.Grains.DeadLetters;
using MyBot.Grains.Delivery;
using MyBot.Grains.Sessions;
using Orleans.Runtime;

namespace MyBot.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// What the agent's grains need besides Orleans itself: their options and the dead-letter retrier. The host adds a
    /// silo with a default grain storage, reminders and the <see cref="InboundStream.ProviderName"/> stream provider
    /// (implicit subscriptions), the channels (<c>IChannelRegistry</c>), an <see cref="IDeadLetterStore"/>, the LLM
    /// and <c>AddMyBotAgent</c>.
    /// </summary>
    public static IServiceCollection AddMyBotGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SessionOptions>().Bind(configuration.GetSection(SessionOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<DeadLetterRetrier>();
        return services;
    }

    /// <summary>
    /// Arms the workspace's cron jobs on their grains when the silo starts and whenever the files change. It needs the
    /// agent's cron catalog (<c>AddMyBotAgent</c>), so a silo that hosts only channels and deliveries goes without it.
    /// </summary>
    public static IServiceCollection AddCronJobScheduling(this IServiceCollection services)
    {
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, CronJobSynchronizer>();
        return services;
    }
}
