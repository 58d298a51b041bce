using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace MyBot.Channels.Hosting;

public static class ChannelServiceCollectionExtensions
{
    /// <summary>Registers a channel: resolvable as itself and as <see cref="IChannel"/>, found by platform, run by <see cref="ChannelHost"/>.</summary>
    public static IServiceCollection AddChannel<TChannel>(this IServiceCollection services)
        where TChannel : class, IChannel
    {
        AddChannelHost(services);
        if (services.Any(d => d.ServiceType == typeof(TChannel)))
        {
            return services;
        }

        services.AddSingleton<TChannel>();
        services.AddSingleton<IChannel>(provider => provider.GetRequiredService<TChannel>());
        return services;
    }

    /// <summary>Binds <see cref="ChannelHostOptions"/> from <c>MyBot:Channels</c> and registers the host and registry.</summary>
    public static IServiceCollection AddChannelHosting(this IServiceCollection services, IConfiguration configuration)
    {
        AddChannelHost(services);
        services.AddOptions<ChannelHostOptions>()
            .Bind(configuration.GetSection(ChannelHostOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Once-per-cluster loops (Telegram polling, the Discord gateway) through <see cref="IChannelOwnerGrain"/>: binds
    /// <see cref="ChannelOwnershipOptions"/> from <c>MyBot:Channels:Ownership</c> and registers
    /// <see cref="GrainSingletonLeaseProvider"/> as the <see cref="ISingletonLeaseProvider"/>. Needs an Orleans
    /// <c>IGrainFactory</c> (the silo's); the grain runs on the cluster's default grain storage.
    /// </summary>
    /// <remarks>Safe to call once per channel; an <see cref="ISingletonLeaseProvider"/> registered before is kept.</remarks>
    public static IServiceCollection AddChannelOwnership(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(GrainSingletonLeaseProvider)))
        {
            return services;
        }

        services.AddOptions<ChannelOwnershipOptions>()
            .Bind(configuration.GetSection(ChannelOwnershipOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.RenewInterval * 2 <= o.LeaseDuration, $"{ChannelOwnershipOptions.SectionName}:RenewInterval must be at most half of LeaseDuration, so one failed renewal does not lose the lease.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GrainSingletonLeaseProvider>();
        services.TryAddSingleton<ISingletonLeaseProvider>(provider => provider.GetRequiredService<GrainSingletonLeaseProvider>());
        return services;
    }

    private static void AddChannelHost(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IChannelRegistry, ChannelRegistry>();
        if (services.Any(d => d.ServiceType == typeof(ChannelHost)))
        {
            return;
        }

        services.AddOptions<ChannelHostOptions>();
        services.AddSingleton<ChannelHost>();
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<ChannelHost>());
    }
}
