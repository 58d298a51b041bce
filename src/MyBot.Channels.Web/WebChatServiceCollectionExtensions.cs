using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MyBot.Channels.Hosting;

namespace MyBot.Channels.Web;

public static class WebChatServiceCollectionExtensions
{
    /// <summary>
    /// Registers the browser chat: the <see cref="WebChannel"/>, its options from <c>MyBot:Web</c>, and the sign-in
    /// (cookie authentication as the default scheme, <see cref="WebSignIn.Scheme"/>). The host persists the data
    /// protection keys that protect the cookie (they must outlive a restart and be shared by the silos), calls
    /// <c>UseAuthentication</c> and then <see cref="WebChatEndpoints.UseWebChat"/>. Needs an Orleans <c>IGrainFactory</c>,
    /// an <see cref="IInboundPublisher"/> and <c>AddHttpChannel</c> (the token and message length are <c>MyBot:Api</c>'s).
    /// </summary>
    public static IServiceCollection AddWebChat(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebChatOptions>()
            .Bind(configuration.GetSection(WebChatOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.SessionLifetime > TimeSpan.Zero, $"{WebChatOptions.SectionName}:SessionLifetime must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WebAssets>();
        services.AddDataProtection().SetApplicationName("MyBot");
        services.AddAuthentication(WebSignIn.Scheme).AddCookie(WebSignIn.Scheme);
        services.AddOptions<CookieAuthenticationOptions>(WebSignIn.Scheme)
            .Configure<IOptions<WebChatOptions>>((cookie, options) => WebSignIn.Configure(cookie, options.Value.SessionLifetime));
        services.AddChannel<WebChannel>();
        return services;
    }
}
