using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MyBot.Channels.Access;

public static class AccessServiceCollectionExtensions
{
    /// <summary>Pairing store and access gate, shared by every chat channel; safe to call once per channel.</summary>
    /// <remarks>Needs an Orleans <c>IGrainFactory</c> (the silo's or a cluster client's): pairing lives in <c>IPairingGrain</c>.</remarks>
    public static IServiceCollection AddChannelAccess(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(ChannelAccessGate)))
        {
            return services;
        }

        services.AddOptions<PairingOptions>().Bind(configuration.GetSection(PairingOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ChannelAccessGate>();
        return services;
    }
}
