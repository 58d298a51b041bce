using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MyBot.Channels.Hosting;

namespace MyBot.Channels.Http;

public static class HttpChannelServiceCollectionExtensions
{
    /// <summary>
    /// Registers the HTTP channel; map the endpoints with <see cref="HttpChannelEndpoints.MapHttpChannel"/>. Needs an
    /// Orleans <c>IGrainFactory</c>: replies live in <see cref="IHttpReplyLogGrain"/> (this assembly's grain, on the default grain storage).
    /// </summary>
    public static IServiceCollection AddHttpChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HttpApiOptions>()
            .Bind(configuration.GetSection(HttpApiOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WrongTokenLimiter>();
        services.ConfigureHttpJsonOptions(json => ChannelJson.Apply(json.SerializerOptions));
        services.AddProblemDetails();
        services.AddChannel<HttpChannel>();
        return services;
    }
}
