using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MyBot.Channels.Hosting;

namespace MyBot.Channels.Http;

public static class HttpChannelServiceCollectionExtensions
{
    /// <summary>Registers the HTTP channel and its reply log; map the endpoints with <see cref="HttpChannelEndpoints.MapHttpChannel"/>.</summary>
    public static IServiceCollection AddHttpChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HttpApiOptions>()
            .Bind(configuration.GetSection(HttpApiOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HttpReplyLog>();
        services.AddChannel<HttpChannel>();
        return services;
    }
}
