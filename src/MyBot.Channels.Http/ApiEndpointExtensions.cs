using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MyBot.Channels.Http;

public static class ApiEndpointExtensions
{
    /// <summary>Protects the endpoint with <c>MyBot:Api:Token</c> (for admin endpoints too).</summary>
    public static TBuilder RequireApiToken<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        return builder.AddEndpointFilter<TBuilder, ApiTokenFilter>();
    }
}
