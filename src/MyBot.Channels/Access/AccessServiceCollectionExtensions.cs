using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MyBot.Channels.Access;

public static class AccessServiceCollectionExtensions
{
    /// <summary>Pairing store and access gate, shared by every chat channel; safe to call once per channel.</summary>
    /// <remarks>Needs an <c>IGrainStorage</c> (the runtime's storage) and a <see cref="TimeProvider"/>.</remarks>
    public static IServiceCollection AddChannelAccess(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(PairingStore)))
        {
            return services;
        }

        services.AddOptions<PairingOptions>().Bind(configuration.GetSection(PairingOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PairingStore>();
        services.AddSingleton<ChannelAccessGate>();
        return services;
    }
}
